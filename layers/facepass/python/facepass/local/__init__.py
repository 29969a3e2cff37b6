"""Running the Lambda handlers on one machine: event shapes, local S3, local HTTP API."""
