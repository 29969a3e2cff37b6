"""FacePass: face-ID time and attendance on AWS Lambda, PostgreSQL + pgvector and ONNX models."""

__version__ = "0.1.0"
