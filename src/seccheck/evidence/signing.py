"""Detached SSH signatures (OpenSSH's SSHSIG format) over evidence manifests.

Why SSHSIG: an auditor can check a signature with plain `ssh-keygen -Y verify` and an
`allowed_signers` file, without seccheck. The wire format follows OpenSSH's PROTOCOL.sshsig:

    signed data = "SSHSIG" || string(namespace) || string("") || string(hash_alg) || string(H(msg))
    blob        = "SSHSIG" || uint32(1) || string(publickey) || string(namespace) || string("")
                  || string(hash_alg) || string(signature)

armored between `-----BEGIN SSH SIGNATURE-----` lines (base64, 70 columns). Keys and the
Ed25519 primitive come from `cryptography`; only ssh-ed25519 keys are supported.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "seccheck-evidence"
HASH_ALGORITHM = "sha512"
KEY_TYPE = "ssh-ed25519"
PASSPHRASE_ENV = "SECCHECK_SIGN_PASSPHRASE"
_MAGIC = b"SSHSIG"
_VERSION = 1
_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_END = "-----END SSH SIGNATURE-----"
_HASHES = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}


class SigningError(ValueError):
    """A key, signature or allowed-signers file could not be used; the message says why."""


@dataclass(frozen=True)
class Signer:
    """A public key a signature names, with the principal an allowed_signers file gives it."""

    key_blob: bytes
    principal: str = ""

    @property
    def fingerprint(self) -> str:
        """As `ssh-keygen -l` prints it: SHA256:<unpadded base64>."""
        digest = base64.b64encode(hashlib.sha256(self.key_blob).digest()).decode()
        return "SHA256:" + digest.rstrip("=")

    @property
    def openssh(self) -> str:
        return f"{KEY_TYPE} {base64.b64encode(self.key_blob).decode()}"


# --- SSH wire format ---------------------------------------------------------------------------


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _read_string(buf: bytes, at: int) -> tuple[bytes, int]:
    if at + 4 > len(buf):
        raise SigningError("truncated SSH signature")
    (size,) = struct.unpack(">I", buf[at : at + 4])
    end = at + 4 + size
    if end > len(buf):
        raise SigningError("truncated SSH signature")
    return buf[at + 4 : end], end


def _ed25519_blob(raw_public: bytes) -> bytes:
    return _string(KEY_TYPE.encode()) + _string(raw_public)


def _raw_ed25519(key_blob: bytes) -> bytes:
    kind, at = _read_string(key_blob, 0)
    if kind.decode(errors="replace") != KEY_TYPE:
        raise SigningError(
            f"only {KEY_TYPE} keys are supported, not {kind.decode(errors='replace')}"
        )
    raw, _ = _read_string(key_blob, at)
    if len(raw) != 32:
        raise SigningError("malformed ssh-ed25519 public key")
    return raw


def signed_data(
    message: bytes, namespace: str = NAMESPACE, hash_alg: str = HASH_ALGORITHM
) -> bytes:
    """The bytes an SSHSIG signature actually signs (PROTOCOL.sshsig, 'Signed Data')."""
    digest = _HASHES[hash_alg](message).digest()
    return (
        _MAGIC
        + _string(namespace.encode())
        + _string(b"")
        + _string(hash_alg.encode())
        + _string(digest)
    )


# --- signing -----------------------------------------------------------------------------------


def load_private_key(path: Path, passphrase: bytes | None = None) -> object:
    """An OpenSSH ed25519 private key; the passphrase may come from $SECCHECK_SIGN_PASSPHRASE."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_ssh_private_key

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the signing key {path}: {exc.strerror or exc}") from exc
    if passphrase is None and os.environ.get(PASSPHRASE_ENV):
        passphrase = os.environ[PASSPHRASE_ENV].encode()
    try:
        key = load_ssh_private_key(data, password=passphrase)
    except (ValueError, TypeError) as exc:
        hint = (
            f" (if it has a passphrase, set ${PASSPHRASE_ENV})"
            if b"OPENSSH" in data
            else " (expected an OpenSSH private key, as `ssh-keygen -t ed25519` writes)"
        )
        raise SigningError(f"{path}: not a usable OpenSSH private key: {exc}{hint}") from exc
    except Exception as exc:  # cryptography raises UnsupportedAlgorithm for bcrypt-less decrypts
        raise SigningError(f"{path}: cannot load the key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: only ed25519 keys are supported (ssh-keygen -t ed25519)")
    return key


def signer_of(private_key: object) -> Signer:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    assert isinstance(private_key, Ed25519PrivateKey)
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return Signer(_ed25519_blob(raw))


def sign(message: bytes, private_key: object, namespace: str = NAMESPACE) -> str:
    """An armored SSHSIG signature of `message`, as `ssh-keygen -Y sign -n NAMESPACE` writes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert isinstance(private_key, Ed25519PrivateKey)
    signature = private_key.sign(signed_data(message, namespace))
    blob = (
        _MAGIC
        + struct.pack(">I", _VERSION)
        + _string(signer_of(private_key).key_blob)
        + _string(namespace.encode())
        + _string(b"")
        + _string(HASH_ALGORITHM.encode())
        + _string(_string(KEY_TYPE.encode()) + _string(signature))
    )
    text = base64.b64encode(blob).decode()
    lines = [text[i : i + 70] for i in range(0, len(text), 70)]
    return "\n".join([_BEGIN, *lines, _END]) + "\n"


# --- verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedSignature:
    signer: Signer
    namespace: str
    hash_alg: str
    signature: bytes


def parse_signature(armored: str) -> ParsedSignature:
    text = armored.strip()
    if not (text.startswith(_BEGIN) and text.endswith(_END)):
        raise SigningError("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
    try:
        blob = base64.b64decode("".join(text[len(_BEGIN) : -len(_END)].split()), validate=True)
    except ValueError as exc:
        raise SigningError(f"SSH signature is not valid base64: {exc}") from exc
    if blob[:6] != _MAGIC or len(blob) < 10:
        raise SigningError("SSH signature lacks the SSHSIG preamble")
    (version,) = struct.unpack(">I", blob[6:10])
    if version != _VERSION:
        raise SigningError(f"unsupported SSHSIG version {version}")
    key_blob, at = _read_string(blob, 10)
    namespace, at = _read_string(blob, at)
    _reserved, at = _read_string(blob, at)
    hash_alg, at = _read_string(blob, at)
    sig_blob, at = _read_string(blob, at)
    sig_type, sat = _read_string(sig_blob, 0)
    raw_sig, _ = _read_string(sig_blob, sat)
    if sig_type.decode(errors="replace") != KEY_TYPE:
        raise SigningError(f"only {KEY_TYPE} signatures are supported")
    if hash_alg.decode(errors="replace") not in _HASHES:
        raise SigningError(f"unsupported hash algorithm {hash_alg!r}")
    _raw_ed25519(key_blob)
    return ParsedSignature(Signer(key_blob), namespace.decode(), hash_alg.decode(), raw_sig)


def check_signature(message: bytes, armored: str, namespace: str = NAMESPACE) -> Signer:
    """Return the key that made this signature over `message`; raise SigningError if none did.

    This says nothing about trust: compare the returned signer with your trusted keys.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    parsed = parse_signature(armored)
    if parsed.namespace != namespace:
        raise SigningError(f"signature namespace is {parsed.namespace!r}, not {namespace!r}")
    public = Ed25519PublicKey.from_public_bytes(_raw_ed25519(parsed.signer.key_blob))
    try:
        public.verify(parsed.signature, signed_data(message, namespace, parsed.hash_alg))
    except InvalidSignature as exc:
        raise SigningError("the signature does not match the signed file") from exc
    return parsed.signer


def load_trusted(path: Path, namespace: str = NAMESPACE) -> list[Signer]:
    """Trusted keys from a public key file (`id_ed25519.pub`) or an `allowed_signers` file.

    allowed_signers lines are `principals [options] keytype base64 [comment]`; a
    `namespaces="..."` option that excludes ours drops the line, as ssh-keygen does;
    `cert-authority` lines are not supported and are skipped.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningError(f"cannot read the trusted signers file {path}: {exc}") from exc
    signers = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tokens = line.split()
        at = next(
            (
                i
                for i, t in enumerate(tokens)
                if t == KEY_TYPE or t.startswith(("ssh-", "ecdsa-", "sk-"))
            ),
            None,
        )
        if at is None or at + 1 >= len(tokens):
            raise SigningError(f"{path}:{lineno}: no public key on this line")
        principal = tokens[0] if at > 0 else (tokens[at + 2] if len(tokens) > at + 2 else "")
        options = " ".join(tokens[1:at]) if at > 1 else ""
        if "cert-authority" in options or tokens[at] != KEY_TYPE:
            continue
        if "namespaces=" in options:
            allowed = options.split("namespaces=", 1)[1].split()[0].strip('"').split(",")
            if namespace not in allowed:
                continue
        try:
            blob = base64.b64decode(tokens[at + 1], validate=True)
            _raw_ed25519(blob)
        except (ValueError, SigningError) as exc:
            raise SigningError(f"{path}:{lineno}: malformed {KEY_TYPE} key: {exc}") from exc
        signers.append(Signer(blob, principal))
    if not signers:
        raise SigningError(f"{path}: no {KEY_TYPE} key usable for namespace {namespace}")
    return signers


def trusted_match(signer: Signer, trusted: list[Signer]) -> Signer | None:
    return next((t for t in trusted if t.key_blob == signer.key_blob), None)
