#!/usr/bin/env python3
"""The message catalogue: po/fr.po and po/en.po into a C table, and the
checks that keep it complete (docs/i18n.md).

  po2c.py c OUT.c FR.po EN.po      the table catalogue.h declares
  po2c.py pot TOP OUT.pot          extract the msgids from the sources
  po2c.py check TOP                TAP: every msgid extracted from the
                                   sources has a French translation with
                                   the same conversions; prints exactly
                                   the msgids that are missing
  po2c.py missing TOP              the missing entries, as .po text to
                                   paste into po/fr.po and translate

A msgid is the English format string given to tdm_diag_add() or
tdm_diag_vadd(), or marked with TDM_N_() where the library keeps a text
made from a format (an at-risk reason, a planner line).  The tool's own
words, given to cli_printf(), cli_fprintf(), cli_tr() or CLI_N_() in
src/cli, and the help's summaries of main.c's commands[], are msgids of
the context "cli".  msgctxt "web"
gives a page its own wording (no command-line flag); msgctxt "word"
translates a word the messages take as an argument (a state, a role, a
weekday); msgctxt "field" a form field's label.
"""
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = ["tdm_diag_add:5", "tdm_diag_vadd:5", "TDM_N_:1",
            # roster.c's problem at a field of the file.
            "report:3"]
# The tool's own words (src/cli/tr.c), all in the context "cli".
CLI_KEYWORDS = ["cli_printf:1", "cli_fprintf:2", "cli_tr:1", "CLI_N_:1"]
CLI_FLAGS = ["cli_printf:1:c-format", "cli_fprintf:2:c-format"]
SPEC = re.compile(r"%(?:(\d+)\$)?([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?"
                  r"(hh|h|ll|l|j|z|t|L|q|<PRI[a-zA-Z0-9]+>)?([diouxXcsfFeEgGaAp%])")


def unquote(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path):
    """Entries as dicts: ctx, id, str, fuzzy, format (c-format or not)."""
    entries, cur, field = [], None, None

    def flush():
        if cur is not None and "id" in cur:
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("#,"):
                flush()
                cur, field = {"flags": line[2:]}, None
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid|msgstr)\s+"(.*)"\s*$', line)
            if m:
                key = {"msgctxt": "ctx", "msgid": "id",
                       "msgstr": "str"}[m.group(1)]
                if key == "ctx" or (key == "id" and (cur is None or
                                                      "id" in cur)):
                    if cur is None or "id" in cur:
                        flush()
                        cur = {"flags": ""}
                cur[key] = unquote(m.group(2))
                field = key
                continue
            m = re.match(r'^"(.*)"\s*$', line)
            if m and cur is not None and field:
                cur[field] += unquote(m.group(1))
                continue
            sys.exit("%s: cannot read line: %s" % (path, line))
    flush()
    return [e for e in entries if e["id"] != ""]


def convs(s):
    """The conversions of a format, in argument order (positions
    honoured), with the length modifier and the conversion."""
    out, pos = [], {}
    for m in SPEC.finditer(s):
        if m.group(6) == "%":
            continue
        key = (m.group(5) or "") + m.group(6).replace("i", "d")
        stars = [x for x in (m.group(3), m.group(4)) if x == "*"]
        if m.group(1):
            pos[int(m.group(1))] = key
        else:
            out.extend(["*"] * len(stars))
            out.append(key)
    if pos:
        return [pos[k] for k in sorted(pos)]
    return out


def cstr(s):
    """A C string literal, the inttypes macros spliced in."""
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    s = s.replace("\t", "\\t")
    s = re.sub(r"<(PRI[a-zA-Z0-9]+)>", r'" \1 "', s)
    return '"' + s + '"'


def gen_c(out, frpo, enpo):
    fr = {(e.get("ctx"), e["id"]): e for e in parse_po(frpo)}
    en = {(e.get("ctx"), e["id"]): e for e in parse_po(enpo)}
    keys = sorted(set(fr) | set(en),
                  key=lambda k: ((k[0] or "").encode(), k[1].encode()))
    bad = []
    for k in keys:
        for lang, tab in (("fr", fr), ("en", en)):
            e = tab.get(k)
            if e and e["str"] and "c-format" in e["flags"] and \
                    convs(e["str"]) != convs(k[1]):
                bad.append("%s: %r: the translation's conversions differ"
                           % (lang, k[1]))
    if bad:
        sys.exit("\n".join(bad))
    with open(out, "w", encoding="utf-8") as f:
        f.write("/* Generated by scripts/po2c.py from po/: do not edit. */\n"
                "#include <inttypes.h>\n#include <stddef.h>\n\n"
                "#include \"catalogue.h\"\n\n"
                "const struct tdm_cat_entry tdm_catalogue[] = {\n")
        for k in keys:
            def val(tab):
                e = tab.get(k)
                if e is None or not e["str"] or "fuzzy" in e["flags"]:
                    return "NULL"
                return cstr(e["str"])
            f.write("\t{ %s, %s,\n\t    %s,\n\t    %s },\n" % (
                cstr(k[0]) if k[0] is not None else "NULL", cstr(k[1]),
                val(fr), val(en)))
        f.write("};\n\nconst size_t tdm_catalogue_n = %d;\n" % len(keys))


def sources(top):
    out = []
    for d in ("src/lib", "src/web", "src/cli"):
        for name in sorted(os.listdir(os.path.join(top, d))):
            if name.endswith(".c"):
                out.append(os.path.join(d, name))
    return out


STRING = r'"(?:[^"\\\n]|\\.)*"'


def summaries(top):
    """The help's summaries: the last string of each row of main.c's
    commands[], which help() gives to cli_tr()."""
    with open(os.path.join(top, "src/cli/main.c"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"commands\[\]\s*=\s*\{(.*?)\n\};", text, re.S)
    if m is None:
        sys.exit("src/cli/main.c: no commands[] table")
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    out = []
    for row in re.finditer(r"\{((?:%s|[^{}\"])*)\}" % STRING, body):
        g = re.search(r"((?:%s\s*)+)$" % STRING, row.group(1).strip())
        if g:
            out.append(unquote("".join(
                x[1:-1] for x in re.findall(STRING, g.group(1)))))
    return out


def extract_cli(top, pot):
    """The tool's own words into pot, each in the context "cli"."""
    cli = [os.path.join("src/cli", n) for n in
           sorted(os.listdir(os.path.join(top, "src/cli")))
           if n.endswith(".c")]
    cmd = ["xgettext", "-o", pot, "--from-code=UTF-8", "-L", "C",
           "--keyword", "--omit-header", "--sort-by-file",
           "--add-location=file", "--force-po"]
    cmd += ["--keyword=" + k for k in CLI_KEYWORDS]
    cmd += ["--flag=" + k for k in CLI_FLAGS]
    subprocess.run(cmd + cli, cwd=top, check=True)
    with open(pot, encoding="utf-8") as f:
        lines = f.read().split("\n")
    seen = set(e["id"] for e in parse_po(pot))
    out = []
    for line in lines:
        if line.startswith("msgid "):
            out.append('msgctxt "cli"')
        out.append(line)
    text = "\n".join(out).rstrip("\n") + "\n"
    for s in summaries(top):
        if s not in seen:
            seen.add(s)
            text += "\n#: src/cli/main.c\n" + po_text({"ctx": "cli",
                                                        "id": s})
    return text


def extract(top, pot):
    cmd = ["xgettext", "-o", pot, "--from-code=UTF-8", "-L", "C",
           "--keyword", "--add-comments=TRANSLATORS", "--sort-by-file",
           "--add-location=file",
           "--package-name=tandem", "--msgid-bugs-address=-"]
    cmd += ["--keyword=" + k for k in KEYWORDS]
    cmd += ["--flag=tdm_diag_add:5:c-format", "--flag=report:3:c-format",
            "--flag=tdm_diag_vadd:5:c-format"]
    subprocess.run(cmd + sources(top), cwd=top, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        text = extract_cli(top, os.path.join(tmp, "cli.pot"))
    with open(pot, "a", encoding="utf-8") as f:
        f.write("\n" + text)


def extracted(top):
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "x.pot")
        extract(top, pot)
        return parse_po(pot)


def missing(top):
    fr = {(e.get("ctx"), e["id"]): e for e in
          parse_po(os.path.join(top, "po/fr.po"))}
    out = []
    for e in extracted(top):
        t = fr.get((e.get("ctx"), e["id"]))
        if t is None or not t["str"] or "fuzzy" in t["flags"]:
            out.append(e)
    return out


def check(top):
    problems = []
    for e in missing(top):
        problems.append("no French for msgid %r" % e["id"])
    for name in ("fr", "en"):
        r = subprocess.run(["msgfmt", "-c", "--check-format", "-o",
                            os.devnull, os.path.join(top, "po",
                                                     name + ".po")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            problems.append("msgfmt -c po/%s.po:\n%s" % (name, r.stderr))
    fr = parse_po(os.path.join(top, "po/fr.po"))
    for e in fr:
        if e["str"] and convs(e["str"]) != convs(e["id"]) and \
                e.get("ctx") != "word" and e.get("ctx") != "field":
            problems.append("conversions differ for msgid %r" % e["id"])
    print("1..2")
    print("%s 1 - every extracted msgid has a French translation" %
          ("not ok" if any(p.startswith("no French") for p in problems)
           else "ok"))
    print("%s 2 - the translations keep the conversions" %
          ("not ok" if any(not p.startswith("no French") for p in problems)
           else "ok"))
    for p in problems:
        print("# " + p.replace("\n", "\n# "))
    return 1 if problems else 0


def po_text(e):
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') \
            .replace("\n", "\\n") + '"'
    s = "#, c-format\n" if "%" in e["id"] else ""
    if e.get("ctx") is not None:
        s += "msgctxt %s\n" % q(e["ctx"])
    return s + "msgid %s\nmsgstr \"\"\n" % q(e["id"])


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "c":
        gen_c(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "pot":
        extract(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "missing":
        for e in missing(sys.argv[2]):
            print(po_text(e))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
