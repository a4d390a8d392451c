"""Validates every signature of a PDF with pyHanko and prints one JSON object.

    .venv/bin/python validera.py --trust CA.pem FILE.pdf

The signature tests (tests/it/signatur_stod.rs) run this with the pinned
pyHanko of tests/signatur/.venv. pyHanko's own `pyhanko sign validate` checks
the same things but prints them as text; this prints each signature's
verdicts as JSON:

    {"pyhanko": "0.38.0", "revisions": 3, "document_timestamps": 0,
     "signatures": [{"field": "Sig1", "signer": "Åsa Öberg", "intact": true,
                     "valid": true, "trusted": true, "coverage":
                     "ENTIRE_REVISION", "modification_level": "FORM_FILLING",
                     "docmdp_ok": true, ...}, ...]}

Trust comes only from the --trust certificates (never the system's list),
and nothing is fetched: no revocation check, as `--no-revocation-check` in
the CLI. A signature whose validation raises is reported with `error` and
every verdict false; a file that cannot be read at all exits with 1.
"""

import argparse
import importlib.metadata
import json
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def name_of(cert):
    """The subject's common name, or None."""
    if cert is None:
        return None
    return cert.subject.native.get("common_name")


def enum_name(value):
    return None if value is None else value.name


def timestamp_of(status):
    """The signature's own timestamp (PAdES B-T), checked, or None."""
    stamp = status.timestamp_validity
    if stamp is None:
        return None
    return {
        "intact": stamp.intact,
        "valid": stamp.valid,
        "trusted": stamp.trusted,
        "time": stamp.timestamp.isoformat() if stamp.timestamp else None,
    }


def report(embedded, context):
    try:
        cert = embedded.signer_cert
    except Exception:  # noqa: BLE001 - a broken CMS has no usable certificate
        cert = None
    entry = {
        "field": embedded.field_name,
        "signer": name_of(cert),
        "signer_subject": cert.subject.human_friendly if cert else None,
        "issuer": cert.issuer.human_friendly if cert else None,
        "sub_filter": str(embedded.sig_object.get("/SubFilter", "")),
        "byte_range": [int(n) for n in embedded.byte_range],
        "signed_revision": embedded.signed_revision,
        "md_algorithm": embedded.md_algorithm,
    }
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as error:  # noqa: BLE001 - reported, not raised
        entry.update(
            intact=False,
            valid=False,
            trusted=False,
            bottom_line=False,
            coverage=None,
            modification_level=None,
            docmdp_ok=None,
            signing_time=None,
            summary=None,
            timestamp=None,
            error=f"{type(error).__name__}: {error}",
        )
        return entry
    entry.update(
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        bottom_line=status.bottom_line,
        coverage=enum_name(status.coverage),
        modification_level=enum_name(status.modification_level),
        docmdp_ok=status.docmdp_ok,
        signing_time=(
            status.signer_reported_dt.isoformat()
            if status.signer_reported_dt
            else None
        ),
        summary=status.summary(),
        timestamp=timestamp_of(status),
        error=None,
    )
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trust", action="append", required=True)
    parser.add_argument("pdf")
    args = parser.parse_args()

    roots = [load_cert_from_pemder(path) for path in args.trust]
    with open(args.pdf, "rb") as file:
        reader = PdfFileReader(file)
        signatures = []
        for embedded in reader.embedded_regular_signatures:
            # A fresh context per signature, as the CLI does.
            context = ValidationContext(
                trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
            )
            signatures.append(report(embedded, context))
        result = {
            "pyhanko": importlib.metadata.version("pyHanko"),
            "revisions": reader.xrefs.total_revisions,
            "document_timestamps": len(reader.embedded_timestamp_signatures),
            "signatures": signatures,
        }
    sys.stdout.reconfigure(encoding="utf-8")
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
