import json, random
random.seed(20261124)
cases = []
def add(fn, *args): cases.append({"fn": fn, "args": list(args)})
nvals = [0, 1, 7, 12.5, 1234.5678, 0.0123, 98765.4321, 1e10, 0.5, 2.5, 999.9995, 3.14159265, 1e-5]
for _ in range(1500):
    pic = "".join(random.choice("##00,.e%\u2030;9 aX-") for _ in range(random.randint(1, 10)))
    v = random.choice(nvals) * random.choice([1, 1, -1])
    if 'e' in pic and v <= 0: v = abs(v) or 1
    add("formatNumber", v, pic)
ivals = [0, 1, 5, 12, 21, 99, 101, 112, 1234, 99999, 1234567, 2e9, -7, -1234]
for _ in range(1000):
    pic = "".join(random.choice(["#", "0", "0", ",", ";", "o", ":", "a", "A", "i", "I", "w", "W", "\u0661", " ", "c"]) for _ in range(random.randint(1, 6)))
    add("formatInteger", random.choice(ivals), pic)
comps = "YYMMDDdFWwXxHhmsfPZzCE"
pres = ["", "", "1", "01", "001", "0001", "#1", "N", "n", "Nn", "w", "W", "Ww", "a", "A", "i", "I", "1o", "wo", "01:01", "0101", "0", "01t", "#,##0", "1;o"]
widths = ["", "", "", ",2", ",2-3", ",*-3", ",3-*", ",1-1", ",4-4", ",*"]
lits = ["", "", "-", " ", ":", "/", "T", ", ", "[[", "]]"]
millis = [0, 1521801216617, -2777932800000, 1451563200000, 1204405500000, 951782400000, 1577836799999, 4102444800000, -62135596800000, 1359460800000]
pics = []
for _ in range(1200):
    pic = ""
    for _ in range(random.randint(1, 4)):
        pic += random.choice(lits) + "[" + random.choice(comps) + random.choice(pres) + random.choice(widths) + "]"
    pics.append(pic)
    add("fromMillis", random.choice(millis), pic, random.choice([None, None, "+0100", "-0500", "+0530", "-0930", "+1245"]))
# round trips: node formats then parses
for _ in range(800):
    pic = "[Y" + random.choice(["", "0001", "1", "I", "w", ",4-4"]) + "]"
    for _ in range(random.randint(1, 5)):
        pic += random.choice(["-", " ", ":", "/", "T", ", ", "."]) + "[" + random.choice("MDdHhmsfPFZz") + random.choice(["", "", "01", "001", "1", "Nn", "N", "w", "1o", "i", "a", "01:01", "0101"]) + random.choice(["", "", ",2-2", ",*-3"]) + "]"
    cases.append({"fn": "roundtrip", "args": [random.choice(millis[:8]), pic]})
json.dump(cases, open("cases.json", "w"), ensure_ascii=False)
print(len(cases))
