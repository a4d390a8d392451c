"""Validates E-ARK information packages with eark-validator, offline, and prints one JSON object.

    .venv/bin/python validera.py [--specifikation V2.1.0] PAKET...

PAKET is a package's root folder (the one with METS.xml) or a zip/tar that
unpacks to one folder. The archive tests run this with the pinned
eark-validator of tests/arkiv/.venv. The validator's own command
(`eark-validator [-r] [-c] PAKET`; `ip-check` before 1.1.2) can't be used as
it is: when it starts it downloads four CSIP vocabularies from
earkcsip.dilcis.eu (there is no network here), it prints a line of text and
then its report as JSON, and it exits 0 whatever it found. This runs the same
validation (folder structure, the package METS.xml against the METS schema,
the CSIP schematron and, for a SIP, the SIP schematron; specification V2.1.0
by default, the E-ARK CSIP and SIP of FGS Paketstruktur 2.0) with the copies
of those vocabularies that eark-validator ships, and adds what eark-validator
1.1.3 leaves out although its CLI has options for it (-r and -c are parsed,
then ignored):

  - each representation's METS.xml (representations/*/METS.xml): the METS
    schema and the CSIP schematron;
  - in every METS, each mets:file and mets:mdRef: the file exists (xlink:href
    relative to that METS's folder) and its SIZE and CHECKSUM are right.

Some of eark-validator 1.1.3's schematron tests contradict the requirement
they implement, so that a package that follows E-ARK CSIP/SIP 2.1.0 gets
errors; such a message is kept but marked with `kant_fel` (why), and is not
counted in fel/varningar/info (see _kant_fel): CSIP63 on every fileGrp,
SIP14 on agent notes typed with csip:NOTETYPE, CSIP12-16 on the SIP's
submitting agent or contact person (ROLE=CREATOR, TYPE=ORGANIZATION or
INDIVIDUAL), CSIP101/103/105 when each representation has its own division,
CSIP81/82 on a custom structMap beside the one CSIP map (CSIP80 allows it),
and, in a representation's METS, the rules about the package's
Documentation/Schemas/Representations groups and divisions (PAKETREGLER).

It prints

    {"eark_validator": "1.1.3", "specifikation": "V2.1.0",
     "paket": [{"sokvag": "...", "giltigt": true, "fel": 0, "varningar": 0,
                "info": 3, "kanda_fel": 38, "meddelanden": [{"kalla":
                "struktur", "fil": "", "regel": "CSIPSTR3", "niva": "Info",
                "plats": "...", "text": "..."}, ...]}]}

`kalla` is struktur (folder rules, CSIPSTRn), schema (XML Schema), schematron
(CSIPn, SIPn) or fil (this script's file, size and checksum checks: regel
FIL-SAKNAS, FIL-STORLEK, FIL-CHECKSUM, FIL-CHECKSUMTYPE). `fil` is the METS
the message is about, relative to the package root. `niva` is
eark-validator's severity: Error (a MUST broken), Warn (a SHOULD) or Info (a
MAY, or an optional element reported as used). `giltigt` is true when there
is no Error other than the known false ones. It exits 0 when every package
could be validated (whatever it found), 1 when one could not be read at all
(that package's entry then has only `sokvag` and `fel_vid_lasning`).
"""

import argparse
import hashlib
import importlib.metadata
import io
import json
import os
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from importlib_resources import files
from lxml import etree

# Before eark_validator is imported: its schematron module reads the four
# vocabularies with urlopen when it is imported. The same files ship in the
# package, under eark_validator/ipxml/resources/vocabs.
VOKABULAR_URL = "https://earkcsip.dilcis.eu/schema/"
_urlopen = urllib.request.urlopen


def lokal_urlopen(url, *args, **kwargs):
    if isinstance(url, str) and url.startswith(VOKABULAR_URL):
        from eark_validator.ipxml.resources import vocabs

        namn = url[len(VOKABULAR_URL):]
        return io.BytesIO(files(vocabs).joinpath(namn).read_bytes())
    raise OSError(f"validera.py hämtar inget från nätet: {url}")


urllib.request.urlopen = lokal_urlopen
try:
    from eark_validator import rules as SC  # noqa: E402
    from eark_validator import structure  # noqa: E402
    from eark_validator.infopacks.package_handler import PackageHandler  # noqa: E402
    from eark_validator.mets import MetsValidator  # noqa: E402
    from eark_validator.model import StructureStatus  # noqa: E402
    from eark_validator.packages import PackageValidator  # noqa: E402
    from eark_validator.specifications.specification import (  # noqa: E402
        SpecificationType,
        SpecificationVersion,
    )
finally:
    urllib.request.urlopen = _urlopen

HASHAR = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def meddelande(kalla, fil, result):
    return {
        "kalla": kalla,
        "fil": fil,
        "regel": result.rule_id,
        "niva": result.severity.value,
        "plats": result.location,
        "text": result.message,
    }


def eget(fil, regel, plats, text):
    return {
        "kalla": "fil",
        "fil": fil,
        "regel": regel,
        "niva": "Error",
        "plats": plats,
        "text": text,
    }


def kontrollera_filer(rot, mets_rel):
    """Every mets:file and mets:mdRef of one METS: present, SIZE, CHECKSUM."""
    ut = []
    mets_sokvag = rot / mets_rel
    validator = MetsValidator(str(mets_sokvag.parent))
    validator.validate_mets(mets_sokvag.name)
    for post in validator.file_references:
        href = post.path
        if href.startswith("file://./"):
            href = href[len("file://./"):]
        mal = mets_sokvag.parent / urllib.parse.unquote(href)
        if not mal.is_file():
            ut.append(eget(mets_rel, "FIL-SAKNAS", href, f"{href} finns inte"))
            continue
        if post.size != mal.stat().st_size:
            ut.append(
                eget(mets_rel, "FIL-STORLEK", href,
                     f"SIZE {post.size}, filen har {mal.stat().st_size} byte")
            )
        alg = HASHAR.get(post.checksum.algorithm.value)
        if alg is None:
            ut.append(
                eget(mets_rel, "FIL-CHECKSUMTYPE", href,
                     f"CHECKSUMTYPE {post.checksum.algorithm.value} kontrolleras inte")
            )
            continue
        h = hashlib.new(alg)
        h.update(mal.read_bytes())
        if h.hexdigest().lower() != post.checksum.value.lower():
            ut.append(
                eget(mets_rel, "FIL-CHECKSUM", href,
                     f"CHECKSUM {post.checksum.value}, filen har {h.hexdigest()}")
            )
    return ut


def representation(rot, mets_rel, version):
    """A representation's METS: the METS schema and the CSIP schematron."""
    ut = []
    validator = MetsValidator(str((rot / mets_rel).parent))
    validator.validate_mets("METS.xml")
    ut += [meddelande("schema", mets_rel, r) for r in validator.validation_errors]
    profil = SC.ValidationProfile(SpecificationType.CSIP, version)
    profil.validate(str(rot / mets_rel))
    ut += [meddelande("schematron", mets_rel, r) for r in profil.get_all_results()]
    ut += [
        {"kalla": "schematron", "fil": mets_rel, "regel": "XML", "niva": "Error",
         "plats": mets_rel, "text": m}
        for m in profil.messages
    ]
    return ut


CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"


def _element(dok, plats):
    """The element a schematron message is about (SVRL location: the XPath
    with local-name() steps, at the end of eark-validator's `location`)."""
    i = (plats or "").find("/*[local-name()=")
    if i < 0:
        return None
    traffar = dok.xpath(plats[i:])
    return traffar[0] if traffar else None


def _programagent(agent):
    return agent.get("ROLE") == "CREATOR" and agent.get("TYPE") == "OTHER" \
        and agent.get("OTHERTYPE") == "SOFTWARE"


def _kant_fel(dok, m):
    """Why an eark-validator 1.1.3 message is wrong about this METS, or None.

    Each case is a rule whose schematron test contradicts the requirement
    it implements (E-ARK CSIP/SIP 2.1.0); the message is kept, marked."""
    regel, el = m["regel"], _element(dok, m["plats"])
    if el is None:
        return None
    q = etree.QName(el).localname
    if regel == "CSIP63" and q == "fileGrp":
        if el.get(CSIP + "CONTENTINFORMATIONTYPE") != "OTHER":
            return ("CSIP63 gäller bara fileGrp med csip:CONTENTINFORMATIONTYPE=\"OTHER\"; "
                    "testet underkänner alla andra fileGrp")
    if regel == "SIP14" and q == "note":
        agent = el.getparent()
        if el.get(CSIP + "NOTETYPE") == "IDENTIFICATIONCODE" or (
                _programagent(agent) and el.get(CSIP + "NOTETYPE") == "SOFTWARE VERSION"):
            return ("SIP14 kräver csip:NOTETYPE (testet läser NOTETYPE utan namnrymd) och "
                    "gäller inte CSIP:s programagent")
    if regel in ("CSIP12", "CSIP13", "CSIP14", "CSIP15", "CSIP16") and q == "agent":
        hdr = el.getparent()
        program = [a for a in hdr if etree.QName(a).localname == "agent" and _programagent(a)]
        if el.get("TYPE") in ("ORGANIZATION", "INDIVIDUAL") and program:
            return ("CSIP10-16 gäller programagenten (ROLE=CREATOR, TYPE=OTHER, OTHERTYPE=SOFTWARE); "
                    "SIP15-25 kräver dessutom en inlämnande agent och kontaktperson med ROLE=CREATOR "
                    "och TYPE=ORGANIZATION/INDIVIDUAL")
    if regel in ("CSIP101", "CSIP103", "CSIP105") and q == "div":
        barn = [d for d in el if etree.QName(d).localname == "div"]
        reps = [d for d in barn if (d.get("LABEL") or "").startswith("Representations/")
                and any(etree.QName(x).localname == "mptr" for x in d)]
        if reps and not any(d.get("LABEL") == "Representations" for d in barn):
            return ("CSIP101/103 gäller div[@LABEL='Representations'] när paketet saknar "
                    "representationer; här har varje representation sin div "
                    "LABEL=\"Representations/NAMN\" med mptr (CSIP105-112)")
    if regel in ("CSIP81", "CSIP82") and q == "structMap" and el.get("LABEL") != "CSIP":
        kartor = [k for k in el.getparent() if etree.QName(k).localname == "structMap"]
        csip = [k for k in kartor if k.get("LABEL") == "CSIP" and k.get("TYPE") == "PHYSICAL"]
        if len(csip) == 1:
            return ("CSIP80 tillåter egna structMap bredvid den enda med LABEL=\"CSIP\" "
                    "(\"Institutions can add their own additional custom structural maps\", "
                    "kardinalitet 1..n); testet prövar TYPE och LABEL på varje structMap")
    return None


# CSIP rules about the package's own METS that eark-validator's schematron
# would also apply to a representation's METS (where there is no
# Documentation/Schemas/Representations file group or division to have).
PAKETREGLER = {"CSIP17", "CSIP60", "CSIP92", "CSIP93", "CSIP95", "CSIP97", "CSIP99",
               "CSIP101", "CSIP103", "CSIP105", "CSIP113", "CSIP114"}


def klassa_kanda_fel(rot, ut):
    dokument = {}
    for m in ut:
        if m["kalla"] != "schematron" or not m["fil"]:
            continue
        if m["fil"] not in dokument:
            dokument[m["fil"]] = etree.parse(str(rot / m["fil"]))
        varfor = _kant_fel(dokument[m["fil"]], m)
        if varfor is None and m["fil"] != "METS.xml" and m["regel"] in PAKETREGLER:
            varfor = "regeln gäller paketets METS.xml, inte en representations"
        if varfor:
            m["kant_fel"] = varfor


def validera(sokvag, version):
    rot = PackageHandler().prepare_package(Path(sokvag))
    rapport = PackageValidator(Path(rot), version).validation_report
    ut = [meddelande("struktur", "", r) for r in rapport.structure.messages]
    if rapport.metadata is not None:
        ut += [meddelande("schema", "METS.xml", r)
               for r in rapport.metadata.schema_results.messages]
        ut += [meddelande("schematron", "METS.xml", r)
               for r in rapport.metadata.schematron_results.messages]
    if rapport.structure.status == StructureStatus.WELLFORMED:
        ut += kontrollera_filer(rot, "METS.xml")
        reps = rot / structure.DIR_NAMES["REPS"]
        if reps.is_dir():
            for rep in sorted(os.listdir(reps)):
                rel = f"representations/{rep}/METS.xml"
                if (rot / rel).is_file():
                    ut += representation(rot, rel, version)
                    ut += kontrollera_filer(rot, rel)
    klassa_kanda_fel(rot, ut)
    niva = [m["niva"] for m in ut if "kant_fel" not in m]
    return {
        "sokvag": str(sokvag),
        "giltigt": "Error" not in niva,
        "fel": niva.count("Error"),
        "varningar": niva.count("Warn"),
        "info": niva.count("Info"),
        "kanda_fel": sum(1 for m in ut if "kant_fel" in m),
        "meddelanden": ut,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--specifikation",
        default=SpecificationVersion.V2_1_0.value,
        choices=[v.value for v in SpecificationVersion],
        help="E-ARK CSIP/SIP-version (%(default)s, FGS Paketstruktur 2.0)",
    )
    parser.add_argument("paket", nargs="+", metavar="PAKET")
    args = parser.parse_args()
    version = SpecificationVersion(args.specifikation)
    ut = {
        "eark_validator": importlib.metadata.version("eark-validator"),
        "specifikation": version.value,
        "paket": [],
    }
    status = 0
    for sokvag in args.paket:
        try:
            ut["paket"].append(validera(sokvag, version))
        except Exception as fel:  # noqa: BLE001 - reported, then exit 1
            ut["paket"].append({"sokvag": sokvag, "fel_vid_lasning": repr(fel)})
            status = 1
    json.dump(ut, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return status


if __name__ == "__main__":
    sys.exit(main())
