"""The sealed ballot box of a secret session (hòm phiếu niêm phong).

The chair sets a passphrase when the vote opens. The server derives a key pair from it (Argon2id
with a random salt) and keeps only the public key and the salt; each ballot is sealed with the
public key (an anonymous NaCl sealed box), so nobody holding the database, its WAL or a backup can
read a ballot while the session is open. At close the chair types the passphrase again; the private
key exists in memory only for the count, then the box description is forgotten.

A sealed ballot is a fixed-width text (one "<nomination id>:<0|1>" per nominee, in id order), so its
length says nothing about how many nominees it agrees to.
"""

import base64
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox

MIN_PASSPHRASE = 10


@dataclass(frozen=True)
class BoxDescription:
    """What the server keeps of a ballot box while the vote is open: nothing secret."""

    salt: bytes
    public_key: bytes
    opslimit: int
    memlimit: int

    def as_json(self) -> dict:
        return {
            "salt": base64.b64encode(self.salt).decode(),
            "public_key": base64.b64encode(self.public_key).decode(),
            "opslimit": self.opslimit,
            "memlimit": self.memlimit,
        }

    @classmethod
    def from_json(cls, data: dict) -> "BoxDescription":
        return cls(
            salt=base64.b64decode(data["salt"]),
            public_key=base64.b64decode(data["public_key"]),
            opslimit=int(data["opslimit"]),
            memlimit=int(data["memlimit"]),
        )


class WrongPassphrase(Exception):
    """The passphrase does not derive the box's key pair."""


def _limits() -> tuple[int, int]:
    # Slow on purpose (the public key and salt let anyone guess passphrases offline); the tests use
    # the smallest cost so they stay fast.
    kdf = nacl.pwhash.argon2id
    if getattr(settings, "TESTING", False):
        return kdf.OPSLIMIT_MIN, kdf.MEMLIMIT_MIN
    return kdf.OPSLIMIT_MODERATE, kdf.MEMLIMIT_MODERATE


def _private_key(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> PrivateKey:
    seed = nacl.pwhash.argon2id.kdf(
        PrivateKey.SEED_SIZE, passphrase.encode(), salt, opslimit=opslimit, memlimit=memlimit
    )
    return PrivateKey.from_seed(seed)


def new_box(passphrase: str) -> BoxDescription:
    """A fresh box for `passphrase`: a random salt and the public key derived from both."""
    opslimit, memlimit = _limits()
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    key = _private_key(passphrase, salt, opslimit, memlimit)
    return BoxDescription(salt, bytes(key.public_key), opslimit, memlimit)


def encode(choices: dict[int, bool]) -> bytes:
    return ";".join(f"{nid}:{int(bool(agree))}" for nid, agree in sorted(choices.items())).encode()


def decode(plain: bytes) -> dict[int, bool]:
    pairs = (item.split(":") for item in plain.decode().split(";") if item)
    return {int(nid): agree == "1" for nid, agree in pairs}


def seal(box: BoxDescription, choices: dict[int, bool]) -> bytes:
    return SealedBox(PublicKey(box.public_key)).encrypt(encode(choices))


class Opener:
    """The private key re-derived from the chair's passphrase, for one count."""

    def __init__(self, box: BoxDescription, passphrase: str):
        key = _private_key(passphrase, box.salt, box.opslimit, box.memlimit)
        if bytes(key.public_key) != box.public_key:
            raise WrongPassphrase
        self._box = SealedBox(key)

    def open(self, sealed: bytes | memoryview) -> dict[int, bool]:
        try:
            return decode(self._box.decrypt(bytes(sealed)))
        except nacl.exceptions.CryptoError as exc:
            raise WrongPassphrase from exc
