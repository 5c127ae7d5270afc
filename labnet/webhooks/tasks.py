from django_tasks import task


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    from .services import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id).status
