"""S3 ObjectCreated notifications on the local stack: moto delivers them to an SQS queue, this
drains the queue into the embedding handler exactly as Lambda's S3 trigger would call it."""

from __future__ import annotations

import json
from collections.abc import Callable

ENROLL_QUEUE = "facepass-enrollment-uploads"


def connect_bucket_to_queue(s3, sqs, *, bucket: str, prefix: str, queue_name: str = ENROLL_QUEUE) -> str:
    """Create the queue and the bucket notification for ObjectCreated under prefix; returns the queue URL."""
    queue_url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={"QueueConfigurations": [{
            "Id": "enrollment-upload",
            "QueueArn": queue_arn,
            "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}},
        }]},
    )
    return queue_url


def drain_queue(sqs, queue_url: str, handler: Callable[[dict, object], object], context_factory: Callable[[], object],
                *, wait_seconds: int = 0, max_messages: int = 10) -> list[object]:
    """Deliver every S3 event waiting in the queue to the handler; a message is deleted only after
    the handler returns (a failure leaves it for the next drain: Lambda's retry)."""
    results = []
    while True:
        response = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=max_messages,
                                       WaitTimeSeconds=wait_seconds)
        messages = response.get("Messages", [])
        if not messages:
            return results
        for message in messages:
            event = json.loads(message["Body"])
            if event.get("Records"):  # S3 also sends an s3:TestEvent when the notification is set up
                results.append(handler(event, context_factory()))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        wait_seconds = 0
