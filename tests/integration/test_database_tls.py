"""Database TLS against a real TLS handshake: the migrated embedded PostgreSQL behind a TLS front on 127.0.0.1 with a
certificate for "localhost" from a test CA. The URL built from the secret with FACEPASS_DATABASE_CA_BUNDLE connects
only when the certificate chains to that bundle and names the host dialled; without the bundle (sslmode=require)
it encrypts but accepts any certificate."""

from __future__ import annotations

import ctypes
import datetime
import json
import select
import shutil
import socket
import ssl
import struct
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from cryptography.hazmat.primitives import serialization

from facepass.config import Settings
from facepass.db import Database, resolve_database_url, url_from_secret
from tests.conftest import fresh_database


def _key():
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _pem(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _certificate(subject: str, key, *, issuer_name: str, issuer_key, ca: bool):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _ca(name: str):
    key = _key()
    return key, _certificate(name, key, issuer_name=name, issuer_key=key, ca=True)


SSL_REQUEST, GSSENC_REQUEST = 80877103, 80877104  # PostgreSQL's protocol: what a client sends before TLS


class TlsFront:
    """What a TLS PostgreSQL server does before the startup message, then the embedded server behind it: the embedded
    build has no OpenSSL ("SSL is not supported by this build"), so this answers the client's SSLRequest with "S",
    makes the TLS handshake with `certificate` (libpq verifies it exactly as it would RDS's), and relays the
    decrypted protocol to the embedded server's socket."""

    def __init__(self, context: ssl.SSLContext, backend: str) -> None:
        self.context = context
        self.backend = backend
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.handshakes: list[str] = []  # TLS version of each completed handshake
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            while True:
                request = client.recv(8, socket.MSG_WAITALL)
                code = struct.unpack("!II", request)[1] if len(request) == 8 else None
                if code == GSSENC_REQUEST:
                    client.sendall(b"N")  # no GSSAPI here: the client goes on with its SSLRequest
                    continue
                if code != SSL_REQUEST:
                    return  # a client that does not ask for TLS gets nothing
                client.sendall(b"S")
                break
            try:
                encrypted = self.context.wrap_socket(client, server_side=True)
            except (ssl.SSLError, OSError):
                return  # the client refused the certificate
            self.handshakes.append(encrypted.version())
            with encrypted, socket.socket(socket.AF_UNIX) as backend:
                backend.connect(self.backend)
                self._relay(encrypted, backend)

    @staticmethod
    def _relay(encrypted: ssl.SSLSocket, backend: socket.socket) -> None:
        try:
            while True:
                ready = [encrypted] if encrypted.pending() else select.select([encrypted, backend], [], [])[0]
                for source, target in ((encrypted, backend), (backend, encrypted)):
                    if source in ready:
                        data = source.recv(65536)
                        if not data:
                            return
                        target.sendall(data)
        except (OSError, ssl.SSLError):
            return

    def close(self) -> None:
        self.listener.close()


@pytest.fixture(scope="module")
def tls_server(pg_server, migrated_template):
    """The migrated embedded database behind a TLS front with a certificate for localhost from the "trusted" CA."""
    workdir = Path(tempfile.mkdtemp(prefix="facepass-tls-"))
    ca_key, ca_certificate = _ca("FacePass test database CA")
    server_key = _key()
    server_certificate = _certificate("localhost", server_key, issuer_name="FacePass test database CA",
                                      issuer_key=ca_key, ca=False)
    (workdir / "server.crt").write_bytes(_pem(server_certificate))
    (workdir / "server.key").write_bytes(server_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(workdir / "server.crt", workdir / "server.key")
    trusted = workdir / "trusted-bundle.pem"
    trusted.write_bytes(_pem(ca_certificate))
    other = workdir / "other-bundle.pem"
    other.write_bytes(_pem(_ca("Someone else's CA")[1]))
    database = urlsplit(fresh_database(pg_server, migrated_template, "database_tls")).path.lstrip("/")
    front = TlsFront(context, str(pg_server.get_postmaster_info().socket_path))
    try:
        yield {"front": front, "port": front.port, "trusted": trusted, "other": other, "dbname": database}
    finally:
        front.close()
        shutil.rmtree(workdir, ignore_errors=True)


def secret(server: dict, host: str = "localhost") -> str:
    return json.dumps({"username": "postgres", "password": "unused-with-trust", "host": host,
                       "port": server["port"], "dbname": server["dbname"]})


def connect_and_read(url: str) -> tuple[int, str | None]:
    """Rows read through the connection, and the TLS protocol libpq says it uses (None: not encrypted). libpq's
    own word, not the front's count of handshakes: a refused connection of the test before (libpq checks the host
    name after the handshake) may be counted by the front's thread a moment later."""
    connection = psycopg.connect(url, connect_timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM schema_migrations")
            applied = cursor.fetchone()[0]
        return applied, tls_protocol(connection)
    finally:
        connection.close()


def tls_protocol(connection) -> str | None:
    """libpq's PQsslAttribute(connection, "protocol"), None when not encrypted (PQsslInUse): psycopg 3 wraps the
    latter only, so the former is called in the libpq psycopg-binary loaded."""
    if not connection.pgconn.ssl_in_use:
        return None
    import psycopg_binary

    (path,) = (Path(psycopg_binary.__file__).parents[1] / "psycopg_binary.libs").glob("libpq-*.so*")
    libpq = ctypes.CDLL(str(path))
    libpq.PQsslAttribute.restype = ctypes.c_char_p
    libpq.PQsslAttribute.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    return libpq.PQsslAttribute(connection.pgconn.pgconn_ptr, b"protocol").decode()


def test_the_bundle_the_certificate_chains_to_connects_over_tls(tls_server):
    front = tls_server["front"]
    settings = Settings(database_secret_arn="arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf",
                        database_ca_bundle=tls_server["trusted"])
    url = resolve_database_url(settings, secret_reader=lambda arn, force_fetch=False: secret(tls_server))
    assert "sslmode=verify-full" in url
    applied, protocol = connect_and_read(url)
    assert applied > 0 and protocol.startswith("TLSv1.")
    database = Database(url)  # the functions' own connection (pgvector registered, a transaction)
    try:
        with database.transaction() as cursor:
            cursor.execute("SELECT count(*) AS applied FROM schema_migrations")
            assert cursor.fetchone()["applied"] > 0
            assert tls_protocol(cursor.connection).startswith("TLSv1.")
    finally:
        database.close()
    assert front.handshakes and all(version.startswith("TLSv1.") for version in front.handshakes)


def test_a_certificate_from_another_ca_is_refused(tls_server):
    url = url_from_secret(secret(tls_server), ca_bundle=tls_server["other"])
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        connect_and_read(url)


def test_a_certificate_for_another_host_name_is_refused(tls_server):
    """The right CA, but the secret's host (127.0.0.1) is not the name in the certificate (localhost)."""
    url = url_from_secret(secret(tls_server, host="127.0.0.1"), ca_bundle=tls_server["trusted"])
    with pytest.raises(psycopg.OperationalError, match="does not match host name"):
        connect_and_read(url)


def test_without_a_bundle_require_encrypts_but_accepts_any_certificate(tls_server):
    """What sslmode=require (the default) leaves open: a certificate from nobody trusted, for another name."""
    front = tls_server["front"]
    url = url_from_secret(secret(tls_server, host="127.0.0.1"))
    assert "sslmode=require" in url
    applied, protocol = connect_and_read(url)
    assert applied > 0 and protocol.startswith("TLSv1.")
    assert front.handshakes
