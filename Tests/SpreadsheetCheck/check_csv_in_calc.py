#!/usr/bin/env python3
"""Opens the CSV export in LibreOffice Calc (headless) the way a spreadsheet user would and checks
what the cells became (docs/export-csv.md, "In a spreadsheet").

    python3 Tests/SpreadsheetCheck/check_csv_in_calc.py --sv figures-sv.csv --rfc figures-rfc.csv --work DIR

--sv is an export with --dialect sv, --rfc one with --dialect rfc (both --lang sv). Needs soffice
(Debian: libreoffice-calc), pdftotext (poppler-utils) and openpyxl (PyPI). For each of

  * the sv dialect under Swedish settings (import language sv-SE), "detect special numbers" on and off,
  * the rfc dialect under US settings (en-US), the same two ways,

it converts the CSV to .xlsx and reads every cell back with openpyxl: every count, share, numerator,
denominator and median is a number, `..` is text, every period and age band is text ("65+" among
them). It then prints the sv dialect to PDF under Swedish settings and checks with pdftotext that
page 1 shows the column headers of every figure column and the figures of the first rows beside
their labels. It also reports, without failing, what the sv dialect becomes under US settings.
Prints one line per check; exits 1 if any fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# The columns are found by their headers: the figure columns stand between the label (A) and
# "Period"; the id columns ("indicator", …, "period", …, "age_band") follow.


def convert(csv_path, work, name, separator, language, special_numbers, target):
    """soffice --convert-to with explicit CSV import options: separator, '"', UTF-8, from line 1,
    the language whose number format is used, 'quoted field as text' off, 'detect special numbers'."""
    out = os.path.join(work, name)
    os.makedirs(out, exist_ok=True)
    copy = os.path.join(out, "figures.csv")
    shutil.copyfile(csv_path, copy)
    options = f"{separator},34,76,1,,{language},false,{'true' if special_numbers else 'false'}"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{os.path.join(work, 'profile')}",
                    "--convert-to", target, f"--infilter=CSV:{options}", "--outdir", out, copy],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return os.path.join(out, "figures." + target)


def read_cells(xlsx):
    import openpyxl
    sheet = openpyxl.load_workbook(xlsx, data_only=True).active
    rows = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if any(value == "indicator" for value, _ in row))
    return rows[header], rows[header + 1:]


def layout(header):
    names = [value for value, _ in header]
    period = names.index("Period")
    return range(1, period), (period, names.index("period")), names.index("age_band")


def check_types(xlsx, label, strict=True):
    header, body = read_cells(xlsx)
    FIGURES, PERIOD_COLUMNS, AGE_BAND = layout(header)
    problems, numbers, dots, periods, bands = [], 0, 0, 0, set()
    for number, row in enumerate(body):
        where = f"row {number + 1} ({row[0][0]!r})"
        for column in FIGURES:
            value, kind = row[column] if column < len(row) else (None, "n")
            if value is None or value == "":
                continue
            if value == "..":
                dots += 1
                if kind != "s":
                    problems.append(f"{where}: .. in column {column + 1} is {kind}, not text")
            elif kind == "n":
                numbers += 1
            else:
                problems.append(f"{where}: {header[column][0]} {value!r} is {kind}, not a number")
        for column in PERIOD_COLUMNS:
            value, kind = row[column] if column < len(row) else (None, "s")
            if value is not None:
                periods += 1
                if kind != "s":
                    problems.append(f"{where}: period {value!r} in column {column + 1} is {kind}, not text")
        value, kind = row[AGE_BAND] if AGE_BAND < len(row) else (None, "s")
        if value is not None:
            bands.add((value, kind))
            if kind != "s":
                problems.append(f"{where}: age band {value!r} is {kind}, not text")
    if ("65+", "s") not in bands:
        problems.append(f"no text cell 65+ among the age bands: {sorted(bands, key=str)[:8]}")
    status = "ok" if not problems else ("FAILED" if strict else "info")
    print(f"{status}: {label}: {numbers} figures numeric, {dots} `..` text, {periods} periods text, "
          f"age bands {sorted(v for v, _ in bands)}")
    if strict:
        for problem in problems[:20]:
            print("    " + problem)
    return problems, numbers


def check_pdf(pdf, xlsx_sv):
    problems = []
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    page1 = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
    header, body = read_cells(xlsx_sv)
    FIGURES, _, _ = layout(header)
    for column in list(FIGURES) + [0]:
        if header[column][0] not in page1:
            problems.append(f"the header {header[column][0]!r} is not on page 1")
    lines = page1.splitlines()
    checked, at = 0, 0
    for row in body:
        label = (row[0][0] or "").strip()
        figures = [row[c][0] for c in FIGURES if c < len(row) and row[c][0] not in (None, "")]
        # The rows in order: the next printed line with this label (labels such as "Jämförelse:
        # 2024" recur).
        # Calc may clip the last character or two of the longest label at the cell's edge.
        def shows(line):
            printed = re.split(r"\s{2,}", line.strip())[0]
            return printed == label or (len(printed) >= min(len(label), 20) and label.startswith(printed))
        found = next((i for i in range(at, len(lines)) if shows(lines[i])), None) if label else None
        if found is None:
            break          # the rest is on later pages
        line, at = lines[found], found + 1
        printed = re.split(r"\s{2,}", line.strip())[0]
        rest = re.sub(r"[.,](?=\d)", "", line[line.index(printed) + len(printed):])
        for figure in figures:
            text = ".." if figure == ".." else re.sub(r"[.,]", "", f"{figure:g}" if isinstance(figure, float) else str(figure))
            if text not in rest.split() and not any(word.startswith(text) for word in rest.split()):
                problems.append(f"page 1: {label!r} shows {rest.split()} without {figure!r}")
        checked += 1
    if checked < 15:
        problems.append(f"only {checked} rows with their figures on page 1")
    status = "ok" if not problems else "FAILED"
    print(f"{status}: PDF (sv dialect, Swedish settings): {pages} pages; page 1 has every figure column and "
          f"{checked} rows with all their figures beside their labels")
    for problem in problems[:20]:
        print("    " + problem)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sv", required=True)
    parser.add_argument("--rfc", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    for tool in ("soffice", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"skip: {tool} is not installed (Debian: libreoffice-calc, poppler-utils)")
            return 2
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        print("skip: openpyxl is not installed (python3 -m pip install openpyxl)")
        return 2
    failures = []
    for special in (True, False):
        words = "on" if special else "off"
        xlsx = convert(args.sv, args.work, f"sv-sv-{words}", 59, 1053, special, "xlsx")
        failures += check_types(xlsx, f"sv dialect, Swedish settings, special numbers {words}")[0]
        xlsx = convert(args.rfc, args.work, f"rfc-us-{words}", 44, 1033, special, "xlsx")
        failures += check_types(xlsx, f"rfc dialect, US settings, special numbers {words}")[0]
    # For information: the Swedish dialect opened with US settings (shares with a decimal comma
    # cannot be numbers there; that is what the rfc dialect is for).
    xlsx = convert(args.sv, args.work, "sv-us", 59, 1033, False, "xlsx")
    problems, _ = check_types(xlsx, "for information only: sv dialect under US settings", strict=False)
    print(f"    ({len(problems)} cells not as above, expected: decimal commas are text under US settings)")
    pdf = convert(args.sv, args.work, "sv-pdf", 59, 1053, False, "pdf")
    failures += check_pdf(pdf, convert(args.sv, args.work, "sv-sv-off", 59, 1053, False, "xlsx"))
    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
