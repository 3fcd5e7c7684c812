"""How the synthetic names are written in their own scripts, and how a worker might type them otherwise.

Our own tables and rules, for generated registers, the demo and the search rule's test: a name registered
in Bengali or Devanagari letters, and the spelling variants a worker types (Mondal/Mondol, Gita/Geeta,
Munni/Muni, Savitri/Sabitri, Kamala/Kamla, Pinky/Pinki...). Names whose usual script spelling reads
differently from the Latin one (Banerjee ব্যানার্জি, Paul পাল) are left out of the tables on purpose: the
sound keys do not claim to join them.
"""

from __future__ import annotations

import random
import re

BENGALI = {
    "Ajanta": "অজন্তা",
    "Anjali": "অঞ্জলি",
    "Aparna": "অপর্ণা",
    "Arpita": "অর্পিতা",
    "Bina": "বীণা",
    "Bithika": "বীথিকা",
    "Chandana": "চন্দনা",
    "Dipali": "দীপালি",
    "Durga": "দুর্গা",
    "Gita": "গীতা",
    "Jharna": "ঝর্ণা",
    "Jayanti": "জয়ন্তী",
    "Kakoli": "কাকলি",
    "Kalpana": "কল্পনা",
    "Koyel": "কোয়েল",
    "Lakshmi": "লক্ষ্মী",
    "Mala": "মালা",
    "Mamoni": "মামণি",
    "Mithu": "মিঠু",
    "Moumita": "মৌমিতা",
    "Nandini": "নন্দিনী",
    "Nupur": "নূপুর",
    "Papiya": "পাপিয়া",
    "Parbati": "পার্বতী",
    "Piyali": "পিয়ালি",
    "Puja": "পূজা",
    "Purnima": "পূর্ণিমা",
    "Rina": "রিনা",
    "Rupa": "রূপা",
    "Sabita": "সবিতা",
    "Sampa": "সম্পা",
    "Shikha": "শিখা",
    "Shilpi": "শিল্পী",
    "Sonali": "সোনালি",
    "Sraboni": "শ্রাবণী",
    "Swapna": "স্বপ্না",
    "Tania": "তানিয়া",
    "Tumpa": "টুম্পা",
    "Urmila": "ঊর্মিলা",
    "Rehana": "রেহানা",
    "Salma": "সালমা",
    "Nasrin": "নাসরিন",
    "Farida": "ফরিদা",
    "Jahanara": "জাহানারা",
    "Shahnaz": "শাহনাজ",
    "Rabeya": "রাবেয়া",
    "Sufia": "সুফিয়া",
    "Amina": "আমিনা",
    "Jesmin": "জেসমিন",
    "Moushumi": "মৌসুমী",
    "Malati": "মালতী",
    # family names
    "Adhikari": "অধিকারী",
    "Bag": "বাগ",
    "Barman": "বর্মন",
    "Biswas": "বিশ্বাস",
    "Chakraborty": "চক্রবর্তী",
    "Das": "দাস",
    "Dey": "দে",
    "Ghosh": "ঘোষ",
    "Haldar": "হালদার",
    "Hazra": "হাজরা",
    "Jana": "জানা",
    "Kar": "কর",
    "Mandal": "মণ্ডল",
    "Maity": "মাইতি",
    "Mondal": "মণ্ডল",
    "Naskar": "নস্কর",
    "Pramanik": "প্রামানিক",
    "Roy": "রায়",
    "Saha": "সাহা",
    "Sardar": "সরদার",
    "Sarkar": "সরকার",
    "Sheikh": "শেখ",
    "Khatun": "খাতুন",
    "Bibi": "বিবি",
    "Bera": "বেরা",
    "Gayen": "গায়েন",
    "Mistry": "মিস্ত্রি",
    "Purkait": "পুরকাইত",
}
DEVANAGARI = {
    "Aarti": "आरती",
    "Anita": "अनीता",
    "Babita": "बबीता",
    "Champa": "चंपा",
    "Geeta": "गीता",
    "Guddi": "गुड्डी",
    "Kamla": "कमला",
    "Kiran": "किरण",
    "Kusum": "कुसुम",
    "Lalita": "ललिता",
    "Manju": "मंजू",
    "Meena": "मीना",
    "Munni": "मुन्नी",
    "Neelam": "नीलम",
    "Pinki": "पिंकी",
    "Poonam": "पूनम",
    "Pushpa": "पुष्पा",
    "Radha": "राधा",
    "Rani": "रानी",
    "Rekha": "रेखा",
    "Reshma": "रेशमा",
    "Rinki": "रिंकी",
    "Sangeeta": "संगीता",
    "Sarita": "सरिता",
    "Savitri": "सावित्री",
    "Seema": "सीमा",
    "Shanti": "शांति",
    "Sunita": "सुनीता",
    "Usha": "उषा",
    "Vimla": "विमला",
    # family names
    "Devi": "देवी",
    "Kumari": "कुमारी",
    "Yadav": "यादव",
    "Paswan": "पासवान",
    "Manjhi": "मांझी",
    "Ram": "राम",
    "Sah": "साह",
    "Mahto": "महतो",
    "Kumar": "कुमार",
    "Singh": "सिंह",
    "Prasad": "प्रसाद",
    "Rajak": "रजक",
    "Chaudhary": "चौधरी",
    "Mishra": "मिश्रा",
    "Gupta": "गुप्ता",
    "Khatoon": "ख़ातून",
    "Ansari": "अंसारी",
    "Nishad": "निषाद",
    "Bind": "बिंद",
    "Sahni": "साहनी",
}
LATIN = {script: latin for table in (BENGALI, DEVANAGARI) for latin, script in table.items()}


def in_script(name: str, table: dict[str, str]) -> str | None:
    """The name with every word written in the table's script, or None if a word is not in it."""
    words = [table.get(word) for word in name.split()]
    return " ".join(words) if all(words) else None


# Spelling variants a worker types for one Latin word: (pattern, replacement), each tried where it fits.
_RULES = [
    (r"(?<=\w)a(?=[^aeiou]\w)", "o"),  # Mondal -> Mondol, Sabita -> Sobita (the Bengali inherent vowel)
    (r"(?<=\w)o(?=[^aeiou])", "a"),  # Mondol -> Mandal
    (r"i", "ee"),  # Gita -> Geeta (vowel length)
    (r"ee", "i"),
    (r"u", "oo"),  # Khatun -> Khatoon
    (r"oo", "u"),
    (r"([bcdfgjklmnprstvz])\1", r"\1"),  # Munni -> Muni
    (r"(?<=[aeiou])([lmnprt])(?=[aeiou])", r"\1\1"),  # Rina -> Rinna
    (r"sh", "s"),  # Shikha -> Sikha
    (r"(?<=\w)s(?=[aeiou])", "sh"),  # Sonali -> Shonali
    (r"v", "b"),  # Savitri -> Sabitri
    (r"b", "v"),
    (r"w", "v"),  # Paswan -> Pasvan
    (r"th", "t"),  # Mithu -> Mitu
    (r"(?<=[^aeiou])h", ""),  # Rekha -> Reka, Radha -> Rada (aspiration left out)
    (r"ph", "f"),
    (r"f", "ph"),  # Farida -> Pharida
    (r"(?<=\w[^aeiou])a(?=[^aeiou]a$)", ""),  # Kamala -> Kamla (the vowel not said)
    (r"y$", "i"),  # Pinky -> Pinki, Maity -> Maiti
    (r"i$", "y"),
    (r"ks", "x"),  # Lakshmi -> Laxmi (after sh -> s)
    (r"z", "j"),  # Shahnaz -> Shahnaj
]


def variant_word(word: str, rng: random.Random) -> str:
    """The word spelt another common way (one rule that fits, chosen at random), in the case it came in."""
    lower = word.lower()
    options = []
    for pattern, replacement in _RULES:
        for match in re.finditer(pattern, lower):
            changed = lower[: match.start()] + match.expand(replacement) + lower[match.end() :]
            if changed != lower and len(changed) >= 2:
                options.append(changed)
    if not options:
        return word
    chosen = rng.choice(options)
    return chosen.capitalize() if word[:1].isupper() else chosen


def typed_variant(registered: str, rng: random.Random) -> str:
    """What a worker types for a registered name: the Latin name with a spelling variant in one or two of
    its words, its Latin spelling if it was registered in Bengali or Devanagari letters (then a variant of
    that), or its own script if it was registered in Latin letters and one is known."""
    words = registered.split()
    if all(word in LATIN for word in words):  # registered in its own script: typed in Latin letters
        words = [LATIN[word] for word in words]
    elif rng.random() < 0.25:
        script = in_script(registered, BENGALI) or in_script(registered, DEVANAGARI)
        if script:
            return script
    changed = rng.sample(range(len(words)), k=min(len(words), rng.choice((1, 1, 2))))
    return " ".join(variant_word(w, rng) if i in changed else w for i, w in enumerate(words))
