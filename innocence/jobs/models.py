"""The embedded job queue: one table, leased rows.

A worker *leases* a job for a short time and keeps extending the lease while it works
(a heartbeat). A worker killed mid-job stops heartbeating; once the lease expires another
worker takes the job again. Each job runs at most ``max_attempts`` times, then fails with
its reason — nothing is retried forever.
"""

from __future__ import annotations

from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    name = models.CharField(max_length=100, db_index=True, help_text="Registered task name.")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    priority = models.IntegerField(default=0, help_text="Higher runs first.")
    group = models.CharField(
        max_length=60,
        blank=True,
        help_text="What the job works for ('doc:7', 'case:3'): the unit of fairness.",
    )
    turn = models.BigIntegerField(
        default=0,
        help_text="Fair-queuing position: the n-th job of its group, counted from the queue's clock.",
    )
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=3)
    run_after = models.DateTimeField(db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "run_after"]),
            models.Index(fields=["status", "priority", "turn", "id"]),
            models.Index(fields=["group", "status"]),
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.status})"


class Progress(models.Model):
    """How far one long piece of work has got: ``done`` of ``total`` units (pages, rows,
    records), what it is on now, and when it started — what the one progress component
    (``innocence.jobs.progress``) shows in the page and the terminal. ``key`` names the
    subject, e.g. ``document:7``; the row is written by the jobs doing the work."""

    key = models.CharField(max_length=120, unique=True)
    label = models.CharField(max_length=300, blank=True, help_text="What is being done, e.g. the file.")
    unit = models.CharField(max_length=20, default="pages")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    current = models.CharField(max_length=300, blank=True, help_text="What it is working on now.")
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "progress"

    def __str__(self) -> str:
        return f"{self.key}: {self.done}/{self.total} {self.unit}"
