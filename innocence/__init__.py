"""Innocence Files."""

import os

# numpy's OpenBLAS starts a thread per core as numpy is imported, and they spin a while for
# work this app never gives them (nothing here multiplies large matrices; parallelism comes
# from worker processes, one engine thread each): 0.06 CPU-s in every process that imports
# numpy, e.g. each `innocence ingest`, beside the OCR engine. One thread unless the
# environment asks for more.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
