"""The one task the queue runs: a job, whatever its kind (see kinds.py)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from thidua.jobs.services import job_run

    job_run(job_id=job_id)
