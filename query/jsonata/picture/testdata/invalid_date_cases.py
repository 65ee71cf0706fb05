import json, random
random.seed(99)
exec(open('gen.py').read().split("# fromMillis")[1].split("for p in dt_pics")[0])
cases = []
comps = "YYMMDDdFWwXxHhmsfPZzCEq"
pres = ["", "", "1", "01", "001", "0001", "#1", "N", "n", "Nn", "w", "W", "Ww", "a", "A", "i", "I", "1o", "wo", "01:01", "0101", "0", "01t"]
widths = ["", "", ",2", ",2-3", ",*-3"]
pics = list(dt_pics)
for _ in range(400):
    pics.append("".join("-[" + random.choice(comps) + random.choice(pres) + random.choice(widths) + "]" for _ in range(random.randint(1, 3))))
for p in pics:
    cases.append({"fn": "fromMillis", "args": [random.choice([9e15, -9e15, 0]), p if p else None, random.choice(["xx", "Europe/Paris", "+999999999", None])]})
json.dump(cases, open("cases.json", "w"), ensure_ascii=False)
print(len(cases))
