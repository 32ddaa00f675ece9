"""Opioid-negative urine screens by trial arm, from Mainstay's database after `mainstay import ctn0094`.

Usage: python3 docs/ctn0094-screens.py DATA_DIR CTN0094_FOLDER
Reads the DrugScreens the import stored (one per attended study visit or day with a positive finding; "opioid-negative"
already judged against the arm's study medication) and the randomization days from the trial files (the database keeps
calendar dates, the study weeks start the day after randomization). Prints, per trial and arm over study weeks 1-24:
the share of collected screens that were opioid-negative, and the share of participant-weeks with only negative screens
when a week without a screen counts as positive (the CTN-0094 convention); and for CTN-0027 weeks 1-9 the crude odds
ratio of a positive screen, buprenorphine against methadone.
"""
import collections
import csv
import sqlite3
import sys

data, folder = sys.argv[1], sys.argv[2]
rows = sqlite3.connect(f"{data}/mainstay.db").execute(
    "SELECT Accession, OpioidNegative FROM DrugScreens WHERE Lab = 'CTN-0094'").fetchall()
rand = {int(r["who"]): (r["treatment"], int(r["when"]) if r["when"] != "NA" else 0)
        for r in csv.DictReader(open(f"{folder}/csv/randomization.csv")) if r["which"] == "1"}
project = {int(r["who"]): int(r["project"]) for r in csv.DictReader(open(f"{folder}/csv/everybody.csv"))}

collected = collections.defaultdict(lambda: [0, 0])
weeks = collections.defaultdict(lambda: collections.defaultdict(list))
early = collections.defaultdict(lambda: [0, 0])
for accession, negative in rows:
    who, day = map(int, accession.split("/"))
    if who not in rand or who not in project:
        continue
    arm, randomized = rand[who]
    week = (day - randomized - 1) // 7 + 1
    if 1 <= week <= 24:
        collected[(project[who], arm)][0] += 1
        collected[(project[who], arm)][1] += negative
        weeks[who][week].append(negative)
    if project[who] == 27 and 1 <= week <= 9:
        early[arm][0] += 1
        early[arm][1] += negative

print("| trial | arm | screens, weeks 1-24 | opioid-negative (collected) | participant-weeks | negative weeks (missing = positive) |")
print("|---|---|---:|---:|---:|---:|")
for key in sorted(collected):
    n, neg = collected[key]
    people = [w for w, (a, _) in rand.items() if project.get(w) == key[0] and a == key[1]]
    clean = sum(1 for w in people for wk in range(1, 25) if weeks[w].get(wk) and all(weeks[w][wk]))
    print(f"| CTN-00{key[0]} | {key[1]} | {n:,} | {100 * neg / n:.1f}% | {24 * len(people):,} | {100 * clean / (24 * len(people)):.1f}% |")

odds = {arm: (n - neg) / neg for arm, (n, neg) in early.items()}
if "Outpatient BUP" in odds and "Methadone" in odds:
    print(f"CTN-0027 weeks 1-9, collected screens: crude OR of a positive screen, BUP vs MET = {odds['Outpatient BUP'] / odds['Methadone']:.2f}")
