"""Digital signatures: signing one decision (PKCS#12, ECDSA P-256 and RSA-PSS 2048), checking it, and
1,000 certificates — one PDF of 1,000 pages signed once, and 1,000 one-page PDFs each signed."""

import datetime as dt
import statistics
import time

from bench.harness import print_table


def _key(kind: str):
    """A throwaway root and signer, as PKCS#12 bytes (the passphrase is "bench")."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    key = ec.generate_private_key(ec.SECP256R1()) if kind == "ec" else rsa.generate_private_key(65537, 2048)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def cert(subject, public, ca):
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(name("Gốc đo thử"))
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(not ca, not ca, False, False, False, ca, ca, False, False), critical=True
            )
            .sign(root_key, hashes.SHA256())
        )

    root = cert(name("Gốc đo thử"), root_key.public_key(), True)
    leaf = cert(name("Phạm Thanh Diễn"), key.public_key(), False)
    p12 = pkcs12.serialize_key_and_certificates(
        b"bench", key, leaf, [root], serialization.BestAvailableEncryption(b"bench")
    )
    return p12, root.public_bytes(serialization.Encoding.DER)


def _ms(fn, n=5) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> None:
    from bench.documents import APP, sample_certificates
    from thidua.commendations.papers import certificates_pdf
    from thidua.documents.parallel import compile_each
    from thidua.documents.reader import read_document
    from thidua.documents.render_pdf import render_pdf
    from thidua.signatures import signing
    from thidua.signatures.verification import verify_pdf

    seed = APP / "data" / "000_e0bb06a9f56f42be.txt"
    paper = render_pdf(read_document(seed.read_bytes(), seed.name).document)
    rows = []
    for kind, label in (("ec", "ECDSA P-256"), ("rsa", "RSA-PSS 2048")):
        p12, root = _key(kind)
        opened = signing.open_pkcs12(p12, "bench")
        signed = signing.sign_pdf(paper, opened.signer)
        rows.append(
            [f"open PKCS#12 ({label})", f"{_ms(lambda p12=p12: signing.open_pkcs12(p12, 'bench')):.1f} ms"]
        )
        rows.append(
            [
                f"sign one decision ({label})",
                f"{_ms(lambda s=opened.signer: signing.sign_pdf(paper, s)):.1f} ms",
            ]
        )
        rows.append(
            [f"verify it ({label})", f"{_ms(lambda d=signed, r=root: verify_pdf(d, roots=[r])):.1f} ms"]
        )

    p12, _root = _key("ec")
    signer = signing.open_pkcs12(p12, "bench").signer
    certs = sample_certificates(1000)
    big = certificates_pdf(certs)
    started = time.perf_counter()
    signing.sign_pdf(big, signer)
    rows.append(
        [
            "1,000 certificates in one PDF: sign it once",
            f"{time.perf_counter() - started:.2f} s ({len(big) // 1024} KB)",
        ]
    )
    from thidua.commendations.papers import certificates_source

    singles = list(compile_each(certs, lambda c: certificates_source([c])))
    started = time.perf_counter()
    for pdf in singles:
        signing.sign_pdf(pdf, signer)
    rows.append(
        ["1,000 one-page certificate PDFs: sign each", f"{time.perf_counter() - started:.2f} s (one thread)"]
    )
    print_table("signatures: PAdES B-B with pyHanko (no timestamp server)", ["what", "time"], rows)
