"""Privacy-preserving record linkage of actor indexes, with the field's libraries:
**clkhash** encodes each name variant as a cryptographic long-term key (a Bloom filter of
keyed hashes of its bigrams, keys derived from the network's secret by HKDF, BLAKE2
hashing), **anonlink** compares the filters (Sørensen–Dice coefficient) and solves the
one-to-one matching (greedy). Nothing here is hand-made cryptography; this module only
normalises names, chooses the schema and reads and writes the exchange file.

No Django here: ``eval/eval_actor_linkage.py`` and the tests call it directly.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

FORMAT = "innocence-files/encoded-actor-index"
VERSION = 1
#: An index file larger than this is refused before it is parsed.
MAX_BYTES = 8 * 1024 * 1024
MAX_ACTORS = 50_000
MAX_VARIANTS = 12
#: Dice similarity at or above which two name variants are a candidate match (tuned on
#: the fictional tuning set of eval/eval_actor_linkage.py, reported on its report set).
THRESHOLD = 0.85
#: The roles whose actors are compared (the people who recur across cases).
ACTOR_ROLES = ("officer", "prosecutor", "forensic_analyst", "informant", "expert")

BLOOM_BITS = 1024
#: The schema every member of a network uses (it holds no secret). A change of schema is
#: a new version: filters made with different schemas do not compare.
SCHEMA: dict[str, Any] = {
    "version": 3,
    "clkConfig": {
        "l": BLOOM_BITS,
        "kdf": {
            "type": "HKDF",
            "hash": "SHA256",
            "salt": base64.b64encode(b"innocence-files actor index v1").decode(),
            "info": base64.b64encode(b"actor names").decode(),
            "keySize": 64,
        },
    },
    "features": [
        {
            "identifier": "surname",
            "format": {"type": "string", "encoding": "utf-8", "case": "lower"},
            "hashing": {
                "comparison": {"type": "ngram", "n": 2},
                "strategy": {"bitsPerToken": 20},
                "hash": {"type": "blakeHash"},
                "missingValue": {"sentinel": ""},
            },
        },
        {
            "identifier": "given",
            "format": {"type": "string", "encoding": "utf-8", "case": "lower"},
            "hashing": {
                "comparison": {"type": "ngram", "n": 2},
                "strategy": {"bitsPerToken": 20},
                "hash": {"type": "blakeHash"},
                "missingValue": {"sentinel": ""},
            },
        },
    ],
}

_TITLES = {
    "det",
    "detective",
    "sgt",
    "sergeant",
    "lt",
    "lieutenant",
    "capt",
    "captain",
    "officer",
    "ofc",
    "cpl",
    "deputy",
    "dep",
    "agent",
    "sa",
    "inv",
    "investigator",
    "trooper",
    "chief",
    "sheriff",
    "ada",
    "da",
    "dr",
    "doctor",
    "judge",
    "hon",
    "mr",
    "mrs",
    "ms",
    "miss",
    "prof",
    "atty",
    "attorney",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
}


class IndexError_(ValueError):
    """A file that is not an encoded actor index of this network, with the reason."""


@dataclass(frozen=True)
class Actor:
    """One actor of an index: an opaque id, role, state and name variants (plaintext: only
    ever on the organization's own side)."""

    actor_id: str
    role: str
    state: str
    names: tuple[str, ...]


@dataclass
class EncodedActor:
    actor: str
    role_tag: str
    state_tag: str
    clks: list[str] = field(default_factory=list)


def normalise(name: str) -> tuple[str, str] | None:
    """(surname, given) of a name variant: accents, punctuation, titles, nicknames in
    quotes and suffixes removed; ``None`` for a variant with no surname left."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['\"‘’“”][^'\"‘’“”]*['\"‘’“”]", " ", text)  # 'Smoke'
    if "," in text:  # "Kessler, Raymond"
        last, _, rest = text.partition(",")
        text = f"{rest} {last}"
    words = [w for w in re.split(r"[^A-Za-z]+", text.lower()) if w]
    words = [w for w in words if w not in _TITLES]
    if not words:
        return None
    surname = words[-1]
    given = words[0] if len(words) > 1 else ""
    if len(surname) < 2:
        return None
    return surname, given


def _key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), f"innocence-files:{purpose}".encode(), hashlib.sha256).digest()


def secret_check(secret: str) -> str:
    """A check value that lets an importer see that a file was made with another secret
    (a keyed hash of a constant: it reveals nothing of the secret)."""
    return hmac.new(_key(secret, "check"), b"network", hashlib.sha256).hexdigest()[:32]


def tag(secret: str, kind: str, value: str) -> str:
    """A keyed tag of a role or a state: equal tags mean equal values, to a holder of the
    secret; without it the tag says nothing (but see the README on frequencies)."""
    return hmac.new(_key(secret, kind), value.strip().lower().encode(), hashlib.sha256).hexdigest()[:24]


@functools.cache
def _schema() -> Any:
    """The clkhash schema, parsed and validated once: it is a constant, and parsing it took
    longer than encoding a partner's names."""
    from clkhash import schema as clk_schema

    return clk_schema.from_json_dict(SCHEMA)


def encode_names(secret: str, names: Sequence[tuple[str, str]]) -> list[str]:
    """Base64 Bloom filters (clkhash) of normalised (surname, given) pairs."""
    if not names:
        return []
    from clkhash import clk
    from clkhash.serialization import serialize_bitarray

    filters = clk.generate_clks([list(n) for n in names], _schema(), secret, validate=True, max_workers=1)
    return [serialize_bitarray(f) for f in filters]


def encode(secret: str, actors: Iterable[Actor]) -> list[EncodedActor]:
    out: list[EncodedActor] = []
    for actor in actors:
        variants = sorted({n for n in (normalise(v) for v in actor.names) if n is not None})[:MAX_VARIANTS]
        if not variants:
            continue
        out.append(
            EncodedActor(
                actor=actor.actor_id,
                role_tag=tag(secret, "role", actor.role),
                state_tag=tag(secret, "state", actor.state),
                clks=encode_names(secret, variants),
            )
        )
    return sorted(out, key=lambda e: e.actor)


def index_file(
    *, secret: str, network: str, organization: str, contact: str, index_id: str, encoded: list[EncodedActor]
) -> bytes:
    body = {
        "format": FORMAT,
        "version": VERSION,
        "network": network,
        "secret_check": secret_check(secret),
        "organization": organization,
        "contact": contact,
        "index_id": index_id,
        "schema": SCHEMA,
        "actors": [
            {"actor": e.actor, "role": e.role_tag, "state": e.state_tag, "clks": e.clks} for e in encoded
        ],
    }
    return json.dumps(body, indent=1, sort_keys=True).encode()


@dataclass
class ParsedIndex:
    network: str
    organization: str
    contact: str
    index_id: str
    actors: list[EncodedActor]


def _text(value: Any, name: str, limit: int = 200) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise IndexError_(f"'{name}' must be a text of at most {limit} characters.")
    return value


def parse(data: bytes, *, secret: str) -> ParsedIndex:
    """Read an exchanged file, refusing anything that is not an index of this network."""
    if len(data) > MAX_BYTES:
        raise IndexError_(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: it is not an actor index."
        )
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexError_(f"The file is not JSON ({exc.__class__.__name__}).") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise IndexError_("The file is not an encoded actor index of Innocence Files.")
    if body.get("version") != VERSION:
        raise IndexError_(f"Index version {body.get('version')!r} is not version {VERSION}.")
    if body.get("schema") != SCHEMA:
        raise IndexError_("The index was encoded with another schema: its filters do not compare with ours.")
    if body.get("secret_check") != secret_check(secret):
        raise IndexError_(
            "The index was encoded with another network's secret: it cannot be compared with yours."
        )
    actors = body.get("actors")
    if not isinstance(actors, list) or len(actors) > MAX_ACTORS:
        raise IndexError_(f"'actors' must be a list of at most {MAX_ACTORS} actors.")
    width = BLOOM_BITS // 8
    parsed: list[EncodedActor] = []
    for number, row in enumerate(actors, start=1):
        if not isinstance(row, dict):
            raise IndexError_(f"Actor {number} is not an object.")
        clks = row.get("clks")
        if not isinstance(clks, list) or not 1 <= len(clks) <= MAX_VARIANTS:
            raise IndexError_(f"Actor {number}: 'clks' must list 1 to {MAX_VARIANTS} filters.")
        for clk in clks:
            try:
                raw = base64.b64decode(_text(clk, "clks", 400), validate=True)
            except (ValueError, TypeError):
                raise IndexError_(f"Actor {number}: a filter is not base64.") from None
            if len(raw) != width:
                raise IndexError_(f"Actor {number}: a filter is {len(raw)} bytes, not {width}.")
        parsed.append(
            EncodedActor(
                actor=_text(row.get("actor"), "actor", 64),
                role_tag=_text(row.get("role"), "role", 64),
                state_tag=_text(row.get("state"), "state", 64),
                clks=list(clks),
            )
        )
    return ParsedIndex(
        network=_text(body.get("network"), "network"),
        organization=_text(body.get("organization"), "organization"),
        contact=_text(body.get("contact", ""), "contact"),
        index_id=_text(body.get("index_id"), "index_id", 64),
        actors=parsed,
    )


@dataclass(frozen=True)
class Match:
    ours: str
    theirs: str
    similarity: float
    role_agrees: bool
    state_agrees: bool


def compare(
    ours: list[EncodedActor],
    theirs: list[EncodedActor],
    *,
    threshold: float = THRESHOLD,
    same_role_only: bool = True,
) -> list[Match]:
    """Candidate pairs of name variants by Dice similarity (anonlink), solved one-to-one
    (anonlink's greedy solver), collapsed to actors: the best variant pair of each."""
    import anonlink
    from clkhash.serialization import deserialize_bitarray

    flat_a = [(i, c) for i, e in enumerate(ours) for c in e.clks]
    flat_b = [(j, c) for j, e in enumerate(theirs) for c in e.clks]
    if not flat_a or not flat_b:
        return []
    filters_a = [deserialize_bitarray(c) for _, c in flat_a]
    filters_b = [deserialize_bitarray(c) for _, c in flat_b]
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        [filters_a, filters_b], anonlink.similarities.dice_coefficient, threshold
    )
    return _collapse(candidates, flat_a, flat_b, ours, theirs, same_role_only)


def _collapse(
    candidates: Any, flat_a: Any, flat_b: Any, ours: Any, theirs: Any, same_role_only: bool
) -> list[Match]:
    import anonlink

    similarity, _datasets, records = candidates
    best: dict[tuple[int, int], float] = {}
    for sim, ra, rb in zip(similarity, records[0], records[1], strict=True):
        a, b = flat_a[ra][0], flat_b[rb][0]
        if same_role_only and ours[a].role_tag != theirs[b].role_tag:
            continue
        best[(a, b)] = max(best.get((a, b), 0.0), float(sim))
    # one-to-one between actors: anonlink's greedy solver over the actor pairs
    pairs = sorted(best.items(), key=lambda kv: -kv[1])
    if not pairs:
        return []
    solved = anonlink.solving.greedy_solve(
        (
            array("d", [s for _, s in pairs]),
            (array("I", [0] * len(pairs)), array("I", [1] * len(pairs))),
            (array("I", [a for (a, _), _ in pairs]), array("I", [b for (_, b), _ in pairs])),
        )
    )
    matches = []
    for group in solved:
        if len(group) != 2:
            continue
        (d0, a), (_d1, b) = sorted(group)
        if d0 != 0:
            continue
        matches.append(
            Match(
                ours=ours[a].actor,
                theirs=theirs[b].actor,
                similarity=round(best[(a, b)], 3),
                role_agrees=ours[a].role_tag == theirs[b].role_tag,
                state_agrees=ours[a].state_tag == theirs[b].state_tag,
            )
        )
    return sorted(matches, key=lambda m: (-m.similarity, m.ours))


def plaintext_compare(
    ours: list[Actor], theirs: list[Actor], *, threshold: float = THRESHOLD, same_role_only: bool = True
) -> list[tuple[str, str, float]]:
    """The baseline without encoding: anonlink's own Dice comparison and greedy solver on
    unkeyed bigram sets of the same normalised names (what the keyed filters approximate)."""
    from bitarray import bitarray

    def bits(name: tuple[str, str]) -> Any:
        grams = {f"s:{g}" for g in _bigrams(name[0])} | {f"g:{g}" for g in _bigrams(name[1])}
        array = bitarray(8192)
        array.setall(0)
        for g in grams:
            array[int.from_bytes(hashlib.sha256(g.encode()).digest()[:4], "big") % 8192] = 1
        return array

    def flat(actors: list[Actor]) -> list[tuple[int, Any]]:
        return [(i, n) for i, a in enumerate(actors) for n in {x for x in map(normalise, a.names) if x}]

    import anonlink

    fa, fb = flat(ours), flat(theirs)
    if not fa or not fb:
        return []
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        [[bits(n) for _, n in fa], [bits(n) for _, n in fb]],
        anonlink.similarities.dice_coefficient,
        threshold,
    )
    enc_a = [EncodedActor(a.actor_id, a.role, a.state) for a in ours]
    enc_b = [EncodedActor(b.actor_id, b.role, b.state) for b in theirs]
    return [
        (m.ours, m.theirs, m.similarity) for m in _collapse(candidates, fa, fb, enc_a, enc_b, same_role_only)
    ]


def _bigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 2] for i in range(len(padded) - 1)} if text else set()
