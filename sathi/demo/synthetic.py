"""Synthetic people, made by our own generator: Bengali and Hindi names, Indian phone numbers.

No real person's data is used or produced on purpose; any match with a living person is chance.
Deterministic for a given seed, so benchmarks and demos are repeatable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

BENGALI_GIVEN = [
    "Ajanta",
    "Anjali",
    "Aparna",
    "Arpita",
    "Bina",
    "Bithika",
    "Chandana",
    "Dipali",
    "Durga",
    "Gita",
    "Jharna",
    "Jayanti",
    "Kakoli",
    "Kalpana",
    "Koyel",
    "Lakshmi",
    "Mala",
    "Mamoni",
    "Mithu",
    "Moumita",
    "Nandini",
    "Nupur",
    "Papiya",
    "Parbati",
    "Piyali",
    "Puja",
    "Purnima",
    "Rina",
    "Rupa",
    "Sabita",
    "Sampa",
    "Shikha",
    "Shilpi",
    "Sonali",
    "Sraboni",
    "Swapna",
    "Tania",
    "Tumpa",
    "Urmila",
    "Rehana",
    "Salma",
    "Nasrin",
    "Farida",
    "Jahanara",
    "Shahnaz",
    "Rabeya",
    "Sufia",
    "Amina",
    "Jesmin",
    "Moushumi",
]
BENGALI_FAMILY = [
    "Adhikari",
    "Bag",
    "Banerjee",
    "Barman",
    "Biswas",
    "Chakraborty",
    "Das",
    "Dey",
    "Ghosh",
    "Halder",
    "Hazra",
    "Jana",
    "Kar",
    "Mandal",
    "Maity",
    "Mondal",
    "Naskar",
    "Paul",
    "Pramanik",
    "Roy",
    "Saha",
    "Sardar",
    "Sarkar",
    "Sheikh",
    "Khatun",
    "Bibi",
    "Bera",
    "Gayen",
    "Mistry",
    "Purkait",
]
HINDI_GIVEN = [
    "Aarti",
    "Anita",
    "Babita",
    "Champa",
    "Geeta",
    "Guddi",
    "Kamla",
    "Kiran",
    "Kusum",
    "Lalita",
    "Manju",
    "Meena",
    "Munni",
    "Neelam",
    "Pinki",
    "Poonam",
    "Pushpa",
    "Radha",
    "Rani",
    "Rekha",
    "Reshma",
    "Rinki",
    "Sangeeta",
    "Sarita",
    "Savitri",
    "Seema",
    "Shanti",
    "Sunita",
    "Usha",
    "Vimla",
]
HINDI_FAMILY = [
    "Devi",
    "Kumari",
    "Yadav",
    "Paswan",
    "Manjhi",
    "Ram",
    "Sah",
    "Mahto",
    "Kumar",
    "Singh",
    "Prasad",
    "Rajak",
    "Chaudhary",
    "Mishra",
    "Gupta",
    "Khatoon",
    "Ansari",
    "Nishad",
    "Bind",
    "Sahni",
]
WORK_NAMES = [
    "Pinky",
    "Sweety",
    "Rosy",
    "Dolly",
    "Bulbul",
    "Tuktuki",
    "Mou",
    "Chumki",
    "Juhi",
    "Payel",
    "Rimi",
    "Tina",
    "Mini",
    "Honey",
    "Bobby",
    "Lovely",
    "Puchki",
    "Moni",
    "Jhumpa",
    "Sona",
]
DISTRICTS_WB = [
    "South 24 Parganas",
    "North 24 Parganas",
    "Murshidabad",
    "Nadia",
    "Purba Medinipur",
    "Howrah",
    "Hooghly",
    "Malda",
    "Jalpaiguri",
    "Cooch Behar",
]
DISTRICTS_BR = ["Muzaffarpur", "Sitamarhi", "Araria", "Purnia", "Katihar", "Gaya", "Darbhanga"]
LOCATIONS = [
    "Sonagachi lane {n}",
    "Kalighat, near the temple, room {n}",
    "Bowbazar, building {n}",
    "Shelter home, ward {n}",
    "Rented room near Sealdah station, {n}",
    "Khidirpur dock road {n}",
]


@dataclass(frozen=True)
class SyntheticPerson:
    names: list[str]
    aliases: list[str]
    phone: str
    gender: str
    languages: list[str]
    origin_state: str
    origin_district: str
    current_location: str
    stated_age: int | None
    documents_held: list[str]


class Generator:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)

    def phone(self) -> str:
        return "+91 " + self.rng.choice("6789") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def person(self) -> SyntheticPerson:
        rng = self.rng
        bengali = rng.random() < 0.65
        given, family = (BENGALI_GIVEN, BENGALI_FAMILY) if bengali else (HINDI_GIVEN, HINDI_FAMILY)
        name = f"{rng.choice(given)} {rng.choice(family)}"
        aliases = [rng.choice(WORK_NAMES)] if rng.random() < 0.6 else []
        gender = rng.choices(["woman", "trans_woman", "man", "undisclosed"], weights=[90, 5, 3, 2])[0]
        languages = ["bn"] if bengali else ["hi"]
        if rng.random() < 0.3:
            languages.append("hi" if bengali else "bn")
        if bengali:
            state = rng.choices(["IN-WB", "BD"], weights=[85, 15])[0]
            district = rng.choice(DISTRICTS_WB) if state == "IN-WB" else ""
        else:
            state, district = "IN-BR", rng.choice(DISTRICTS_BR)
        documents = [d for d in ("aadhaar", "voter_id", "ration_card", "bank_passbook") if rng.random() < 0.4]
        return SyntheticPerson(
            names=[name],
            aliases=aliases,
            phone=self.phone() if rng.random() < 0.8 else "",
            gender=gender,
            languages=languages,
            origin_state=state,
            origin_district=district,
            current_location=rng.choice(LOCATIONS).format(n=rng.randint(1, 400)),
            stated_age=rng.randint(15, 45) if rng.random() < 0.9 else None,
            documents_held=documents,
        )

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))
