import json, random, sys
random.seed(int(sys.argv[1]))
cases = []
def add(fn, *args): cases.append({"fn": fn, "args": list(args)})
nvals = [0, 1, 7, 12.5, 1234.5678, 0.0123, 98765.4321, 1e10, 0.5, 2.5, 999.9995, 3.14159265, 1e-5, 5e-324, 1.7976931348623157e308, 123456789012345680000, 0.1+0.2]
optsets = [{}, {"zero-digit": "\u0660"}, {"zero-digit": "a"}, {"decimal-separator": ",", "grouping-separator": "."}, {"decimal-separator": "dp", "grouping-separator": "gs"},
           {"percent": "pc"}, {"per-mille": "\u2030\u2030"}, {"minus-sign": "neg"}, {"exponent-separator": "x"}, {"digit": "d"}, {"pattern-separator": "|"}, {"exponent-separator": "ee"}]
for _ in range(2500):
    o = random.choice(optsets)
    alphabet = list("##00,.e%\u2030;9 aX-") + list(o.values()) + [o.get("zero-digit", "0")] * 3
    pic = "".join(random.choice(alphabet) for _ in range(random.randint(1, 10)))
    v = random.choice(nvals) * random.choice([1, 1, -1])
    hasexp = any(x in pic for x in ["e", o.get("exponent-separator", "e")])
    if hasexp and v <= 0: v = abs(v) or 1
    if o: add("formatNumber", v, pic, o)
    else: add("formatNumber", v, pic)
ints = ["0", "00", "#,##0", "0;o", "a", "A", "i", "I", "w", "W", "Ww", "w;o", "\u0661", "# ##0", "#:##0"]
chars = list("0123456789,:; abcdefghijklmnopqrstuvwxyzIVXLCDM-") + ["one", "two", "hundred", "thousand", "and", "twenty", "first", "th", "st", "\u0662"]
for _ in range(1500):
    s = "".join(random.choice(chars) for _ in range(random.randint(0, 8)))
    add("parseInteger", s, random.choice(ints))
comps = "YMDdHhmsfPFZz"
for _ in range(1500):
    pic = "[Y" + random.choice(["", "0001", "1", ",4-4", "01"]) + "]"
    s = str(random.randint(1, 2100))
    for _ in range(random.randint(0, 4)):
        sep = random.choice(["-", " ", ":", "/", "T"])
        c = random.choice(comps)
        p = random.choice(["", "01", "1", "Nn", "N", "n", "1o", "01:01", "0101", "0", "w"])
        pic += sep + "[" + c + p + "]"
        s += sep + random.choice([str(random.randint(0, 60)), str(random.randint(0, 9)) + str(random.randint(0, 9)), "am", "PM", "March", "Mar", "monday", "+01:00", "-0530", "GMT+2", "12th", "one", "x"])
    add("toMillis", s, pic)
iso = []
for _ in range(600):
    s = random.choice(["1999", "2018", "2020", "0001", "9999"])
    for part in random.sample(["-MM", "-DD", "T", ".f", "Z", "+hh:mm", "+hhmm", ".N"], random.randint(0, 4)):
        s += {"-MM": "-%02d" % random.randint(0, 19), "-DD": "-%02d" % random.randint(0, 39), "T": "T%02d:%02d:%02d" % (random.randint(0, 29), random.randint(0, 59), random.randint(0, 59)),
              ".f": "." + str(random.randint(0, 99999)), "Z": "Z", "+hh:mm": random.choice("+-") + "%02d:%02d" % (random.randint(0, 29), random.randint(0, 59)),
              "+hhmm": random.choice("+-") + "%02d%02d" % (random.randint(0, 29), random.randint(0, 59)), ".N": "." + str(random.randint(0, 15))}[part]
    add("toMillis", s)
for _ in range(300):
    add("formatBase", random.choice([0, 1, -1, 255, 1e15, 2**53, 1e21, 123.456, -99.5, 0.5, 1.5]), random.choice([2, 3, 8, 10, 16, 36, 2.5, 35.5, 1.49]))
json.dump(cases, open("cases.json", "w"), ensure_ascii=False)
print(len(cases))
