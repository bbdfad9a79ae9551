"""Order lines and purchase pairs in Spark, read by Whitespot's rules.

Whitespot's ingest (README "Reading your order files", Sources/Whitespot/Ingest) done with
Spark DataFrames, so that Spark trains on the same purchase matrix `whitespot train` builds:

- columns: canonical header names (customer_id, order_date, product_id, quantity, revenue,
  unit_price; any case) or a `--columns field=Header,...` mapping (exact header first, then
  case-insensitive; a name matching two columns is an error);
- ids (customer, product, product level) without leading and trailing ASCII spaces and tabs;
  lines with a blank customer are dropped; a blank product is a bad line;
- `--exclude-products` codes (trimmed product code) dropped;
- dates: ISO 8601 (yyyy-MM-dd, optionally T or space, HH:mm[:ss[.f]] and a zone) or a
  Whitespot pattern (yyyy yy M MM d dd H HH h hh a m mm s ss S, quoted literals); the whole
  value must match, the time is dropped; 1900-01-01 .. one year after today;
- numbers `[+-]digits[.digits][e±digits]` with surrounding spaces (decimal comma on request),
  quantity |q| <= 1e9, amounts <= 1e12; quantity 1 without a column; revenue given, else
  quantity x unit price, else 0;
- a pair (customer, product) is a purchase when its net quantity is positive and it has a line
  with positive quantity; lines = lines with positive quantity, last day = last such line.

Bad lines stop the job with the column, the value and the file, or are dropped with
`skip_bad_lines` (Spark reads in parallel and cannot name the line number; `whitespot
import-factors` re-reads the orders and names the exact line of any bad one).
"""

import datetime
import re

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

CANONICAL = {
    "customer": "customer_id", "date": "order_date", "product": "product_id", "quantity": "quantity",
    "revenue": "revenue", "price": "unit_price", "segment": "segment", "order": "order_id",
    "category": "category", "name": "product_name",
}
MAX_QUANTITY = 1e9
MAX_AMOUNT = 1e12
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}


class OrderError(Exception):
    """Bad input, in words naming the file, column and value."""


def parse_columns(text):
    """`field=Header,field="Header, with comma"` -> {field: header}, as `--columns` reads it."""
    out, rest = {}, text or ""
    known = dict((k, k) for k in CANONICAL)
    known.update((v, k) for k, v in CANONICAL.items())
    while rest:
        if "=" not in rest:
            raise OrderError(f"--columns: expected field=column ({rest})")
        key, rest = rest.split("=", 1)
        field = known.get(key.strip(" \t").lower())
        if field is None:
            raise OrderError(f"--columns: unknown field '{key.strip()}' (known: {', '.join(CANONICAL)})")
        if rest.startswith('"'):
            close = rest.find('"', 1)
            if close < 0:
                raise OrderError(f"--columns: unterminated quote ({rest})")
            value, rest = rest[1:close], rest[close + 1:]
            if rest and not rest.startswith(","):
                raise OrderError(f"--columns: expected ',' after closing quote ({rest})")
        else:
            end = rest.find(",")
            end = len(rest) if end < 0 else end
            value, rest = rest[:end].strip(" \t"), rest[end:]
        rest = rest[1:] if rest.startswith(",") else rest
        if not value:
            raise OrderError(f"--columns: empty column name for {field}")
        if field in out:
            raise OrderError(f"--columns: {field} mapped twice ({value})")
        out[field] = value
    return out


def find_column(name, header, source):
    """The header column `name` names: exact match first, then case-insensitive (spaces trimmed)."""
    exact = [h for h in header if h == name]
    if len(exact) == 1:
        return exact[0]
    wanted = name.strip(" \t").lower()
    loose = [h for h in header if h.strip(" \t").lower() == wanted]
    if len(exact) > 1 or len(loose) > 1:
        raise OrderError(f"{source}: column '{name}' appears more than once in the header")
    return loose[0] if loose else None


def resolve_columns(header, mapping, source):
    """{field: header column} for every field found; the required ones must be there."""
    columns = {}
    for field, canonical in CANONICAL.items():
        name = mapping.get(field, canonical)
        column = find_column(name, header, source)
        if column is None and field in mapping:
            raise OrderError(f"{source}: no column '{name}' for {field}; columns are: {', '.join(header)}")
        if column is not None:
            columns[field] = column
    for field in ("customer", "date", "product"):
        if field not in columns:
            raise OrderError(f"{source}: no {field} column ({CANONICAL[field]}, or map it with --columns); "
                             f"columns are: {', '.join(header)}")
    used = [c for c in columns.values()]
    for c in set(used):
        if used.count(c) > 1:
            raise OrderError(f"{source}: two fields mapped to column '{c}'")
    return columns


def detect_delimiter(path):
    """The delimiter Whitespot detects: the most frequent of , ; tab outside quotes on the header line."""
    with open(path, "rb") as f:
        line = f.readline()
    counts, quoted = {",": 0, ";": 0, "\t": 0}, False
    for ch in line.decode("utf-8", "replace"):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = ","
    for c in (";", "\t"):
        if counts[c] > counts[best]:
            best = c
    return best


def date_regex(pattern):
    """A regular expression for a Whitespot date pattern (None: ISO 8601), the group numbers
    of its year, month and day, and whether its year has two digits."""
    if pattern is None:
        return (r"^(\d{4})-(\d{2})-(\d{2})"
                r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"), {"y": 1, "m": 2, "d": 3}, False
    out, i, two_digit, groups = "^", 0, False, {}
    captured = {("y", 4): ("y", r"(\d{4})"), ("y", 2): ("y", r"(\d{2})"), ("M", 1): ("m", r"(\d{1,2})"),
                ("M", 2): ("m", r"(\d{1,2})"), ("d", 1): ("d", r"(\d{1,2})"), ("d", 2): ("d", r"(\d{1,2})")}
    tokens = {
              ("H", 1): r"(?:[01]?\d|2[0-3])", ("H", 2): r"(?:[01]?\d|2[0-3])",
              ("h", 1): r"(?:0?[1-9]|1[0-2])", ("h", 2): r"(?:0?[1-9]|1[0-2])", ("a", 1): r"[AaPp][Mm]",
              ("m", 1): r"[0-5]?\d", ("m", 2): r"[0-5]?\d", ("s", 1): r"(?:[0-5]?\d|60)", ("s", 2): r"(?:[0-5]?\d|60)"}
    while i < len(pattern):
        c = pattern[i]
        if c == "'":
            close = pattern.find("'", i + 1)
            close = len(pattern) if close < 0 else close
            out += re.escape(pattern[i + 1:close])
            i = close + 1
            continue
        if not (c.isascii() and c.isalpha()):
            out += re.escape(c)
            i += 1
            continue
        run = 1
        while i + run < len(pattern) and pattern[i + run] == c:
            run += 1
        if c == "S":
            out += r"\d{1,9}"
        elif (c, run) in captured:
            name, expression = captured[(c, run)]
            if name in groups:
                raise OrderError(f"--date-format {pattern}: '{c * run}' appears twice")
            groups[name] = len(groups) + 1
            out += expression
            two_digit = two_digit or (c, run) == ("y", 2)
        elif (c, run) in tokens:
            out += tokens[(c, run)]
        else:
            raise OrderError(f"--date-format {pattern}: unknown pattern letters '{c * run}' "
                             "(use yyyy yy M MM d dd H HH h hh a m mm s ss S)")
        i += run
    if len(groups) != 3:
        raise OrderError(f"--date-format {pattern}: a date format needs a year (yyyy or yy), a month (M) and a day (d)")
    if ("h" in pattern) != ("a" in pattern):
        raise OrderError(f"--date-format {pattern}: h (1-12 hour) and a (AM/PM) go together; use H for a 24-hour clock")
    return out + "$", groups, two_digit


def read_table(spark: SparkSession, paths, delimiter=None, multiline=False):
    """The order files as a DataFrame of their own columns (CSV: all strings; Parquet: typed).

    Without `multiline` a CSV file is split across tasks, and a quoted field holding a line
    break breaks its record into bad lines (which stop the job)."""
    if all(p.rstrip("/").endswith(".parquet") for p in paths):
        return spark.read.parquet(*paths), False
    sep = DELIMITERS.get(delimiter, delimiter) if delimiter else detect_delimiter(paths[0])
    frame = (spark.read.option("header", True).option("sep", sep).option("quote", '"').option("escape", '"')
             .option("multiLine", multiline).option("inferSchema", False).option("mode", "FAILFAST")
             .option("encoding", "UTF-8").csv(list(paths)))
    # A UTF-8 byte-order mark is part of the first header name for Spark; Whitespot ignores it.
    renamed = [c[1:] if c.startswith("\ufeff") else c for c in frame.columns]
    return frame.toDF(*renamed), True


def _trimmed(column):
    return F.regexp_replace(column.cast("string"), r"^[ \t]+|[ \t]+$", "")


def _number(column, is_text, decimal_comma):
    if not is_text:
        return column.cast("double"), column.isNotNull()
    text = F.regexp_replace(column, r"^ +| +$", "")
    point = "," if decimal_comma else r"\."
    ok = text.rlike(rf"^[+-]?(\d+({point}\d*)?|{point}\d+)([eE][+-]?\d+)?$")
    value = F.regexp_replace(text, ",", ".") if decimal_comma else text
    return F.when(ok, value.cast("double")), ok


def order_lines(spark, paths, columns=None, date_format=None, delimiter=None, decimal_comma=False,
                exclude_products=None, product_level=None, skip_bad_lines=False, before=None, multiline=False):
    """Kept order lines as (customer, product, day, quantity, revenue), by Whitespot's rules.

    `before`: a datetime.date; only lines dated before it (the training period of
    `whitespot evaluate --cutoff`). Raises OrderError for bad input unless `skip_bad_lines`."""
    frame, is_text = read_table(spark, list(paths), delimiter, multiline)
    source = ", ".join(paths)
    cols = resolve_columns(frame.columns, parse_columns(columns), source)
    key = cols["product"]
    if product_level:
        key = find_column(product_level, frame.columns, source)
        if key is None:
            raise OrderError(f"{source}: no column '{product_level}' for --product-level (the Spark job reads "
                             "product levels from the order file only)")
    c = lambda field: F.col(f"`{cols[field]}`")
    customer, product, level = _trimmed(c("customer")), _trimmed(c("product")), _trimmed(F.col(f"`{key}`"))
    frame = frame.withColumn("_file", F.input_file_name())
    frame = frame.where(customer.isNotNull() & (customer != ""))
    if exclude_products:
        frame = frame.where(~F.coalesce(product.isin(list(exclude_products)), F.lit(False)))

    date_type = dict(frame.dtypes)[cols["date"]]
    if date_type in ("date", "timestamp", "timestamp_ntz"):
        day = F.datediff(F.to_date(c("date")), F.lit("1970-01-01"))
    else:
        regex, groups, two_digit = date_regex(date_format)
        text = c("date").cast("string")
        parts = [F.regexp_extract(text, regex, groups[g]) for g in ("y", "m", "d")]
        year = parts[0].cast("int")
        if two_digit:
            year = F.when(year < 69, year + 2000).otherwise(year + 1900)
        made = F.make_date(year, parts[1].cast("int"), parts[2].cast("int"))
        day = F.when(text.rlike(regex), F.datediff(made, F.lit("1970-01-01")))
    today = datetime.date.today()
    latest = (today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29)
              else today.replace(year=today.year + 1, day=28))
    first_day, last_day = (datetime.date(1900, 1, 1) - datetime.date(1970, 1, 1)).days, (latest - datetime.date(1970, 1, 1)).days

    quantity, q_ok = (_number(c("quantity"), is_text, decimal_comma) if "quantity" in cols else (F.lit(1.0), F.lit(True)))
    q_ok = q_ok & (F.abs(quantity) <= MAX_QUANTITY)
    if "revenue" in cols:
        revenue, r_ok = _number(c("revenue"), is_text, decimal_comma)
    elif "price" in cols:
        price, r_ok = _number(c("price"), is_text, decimal_comma)
        revenue = quantity * price
        r_ok = r_ok & (F.abs(price) <= MAX_AMOUNT)
    else:
        revenue, r_ok = F.lit(0.0), F.lit(True)
    if "revenue" in cols:
        r_ok = r_ok & (F.abs(revenue) <= MAX_AMOUNT)

    checks = [
        ("product", cols["product"], product.isNotNull() & (product != "")),
        ("product level", key, level.isNotNull() & (level != "")),
        ("date", cols["date"], day.isNotNull() & (day >= first_day) & (day <= last_day)),
        ("quantity", cols.get("quantity"), q_ok),
        ("revenue" if "revenue" in cols else "price", cols.get("revenue", cols.get("price")), r_ok),
    ]
    lines = frame.select(
        level.alias("product"), customer.alias("customer"), day.alias("day"),
        quantity.alias("quantity"), revenue.alias("revenue"), "_file",
        *[F.coalesce(ok, F.lit(False)).alias(f"_ok{i}") for i, (_, _, ok) in enumerate(checks)],
        *[F.col(f"`{column}`").cast("string").alias(f"_raw{i}") if column else F.lit(None).alias(f"_raw{i}")
          for i, (_, column, _) in enumerate(checks)])
    good = F.lit(True)
    for i in range(len(checks)):
        good = good & F.col(f"_ok{i}")
    lines = lines.cache()   # parsed once for the bad-line check and the pairs
    if not skip_bad_lines:
        bad = lines.where(~good).limit(1).collect()
        if bad:
            row = bad[0]
            i = next(i for i in range(len(checks)) if not row[f"_ok{i}"])
            field, column, _ = checks[i]
            raise OrderError(f"{row['_file']}: {field} in column '{column}' is bad ({row[f'_raw{i}']!r}); "
                             "`whitespot inspect` with the same flags names its line, --skip-bad-lines drops it")
    lines = lines.where(good).select("customer", "product", "day", "quantity", "revenue")
    if before is not None:
        lines = lines.where(F.col("day") < (before - datetime.date(1970, 1, 1)).days)
    return lines


def purchase_pairs(lines: DataFrame) -> DataFrame:
    """(customer, product, lines, quantity, revenue, last_day) of every purchase: net quantity
    positive and at least one line with positive quantity (returns net out)."""
    positive = F.col("quantity") > 0
    pairs = lines.groupBy("customer", "product").agg(
        F.sum("quantity").alias("quantity"), F.sum("revenue").alias("revenue"),
        F.sum(F.when(positive, 1).otherwise(0)).alias("lines"),
        F.max(F.when(positive, F.col("day"))).alias("last_day"))
    return pairs.where((F.col("quantity") > 0) & (F.col("lines") > 0))


def ratings(pairs: DataFrame, signal="lines", scaling="log1p", half_life=None) -> DataFrame:
    """Adds `rating` = f(r) * d, so that Spark's implicit confidence 1 + alpha * rating equals
    Whitespot's c = 1 + alpha * f(r) * d (models/README.md "Training"): r the signal (lines, net
    quantity, net revenue with negatives as 0), f log1p or identity, d = 0.5^(age / half-life)
    with the age measured to the last purchase day of all pairs."""
    r = {"lines": F.col("lines").cast("double"), "quantity": F.greatest(F.col("quantity"), F.lit(0.0)),
         "revenue": F.greatest(F.col("revenue"), F.lit(0.0))}[signal]
    f = F.log1p(r) if scaling == "log1p" else r
    if half_life is not None:
        today = pairs.agg(F.max("last_day")).first()[0]
        f = f * F.pow(F.lit(0.5), F.greatest(F.lit(today) - F.col("last_day"), F.lit(0)) / F.lit(float(half_life)))
    return pairs.withColumn("rating", f)
