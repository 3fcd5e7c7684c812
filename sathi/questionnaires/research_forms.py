"""The four questionnaires of 003's research, as reviewable text; `workbook()` writes each as an XLSForm.

Written from the themes 003 lists for its tools (section "Tools"): the FGD with frontline activists
(Annexure A), the FGD with survivors (Annexure B), the in-depth interview with funders (Annexure C) and
the individual structured interview with duty bearers (Annexure D), asked by community researchers. As 003
insists, no FGD question is about anyone's own lived experience of violence or exploitation: the questions
ask about the community, about trafficking as a phenomenon and about what should be done.

Choice lists come from Sathi's vocabularies (vulnerability factors, prevention models, offices, gender), with
their labels in the three languages, so that answers feed the prevention records as codes: factors named
become vulnerability reports, the models chosen become preferences, the power and interest ratings become
ratings of offices (`feeding.py`). Names the feeding reads: factors, model_first, model_second, gender,
ratings/office, ratings/power, ratings/interest.

Titles and form ids are discreet (DESIGN): a phone's form list shows "Community study: ...", not the subject.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
from django.utils import translation

from sathi.prevention.vocab import AXIS_MAX, AXIS_MIN, Factor, Gender, OfficeKind, PreventionModel

LANGUAGES = (("en", "English (en)"), ("bn", "Bengali (bn)"), ("hi", "Hindi (hi)"))


@dataclass(frozen=True)
class Row:
    type: str
    name: str
    label: tuple[str, str, str] = ("", "", "")  # en, bn, hi
    field_class: str = "none"
    required: str = ""


def _group(name, label):
    return Row("begin_group", name, label)


def _end(name):
    return Row("end_group", name)


def _text(name, label, field_class="none"):
    # Words spoken in a group about the community: "identity" when free text could name someone.
    return Row("text", name, label, field_class)


GENDER = Row(
    "select_one gender",
    "gender",
    ("The respondent's gender", "উত্তরদাতার লিঙ্গ", "उत्तरदाता का लिंग"),
    required="yes",
)
FACTORS = Row(
    "select_multiple factors",
    "factors",
    (
        "Which factors make people in this area vulnerable to trafficking?",
        "এই এলাকার মানুষকে কোন কোন কারণ পাচারের ঝুঁকিতে ফেলে?",
        "इस इलाके के लोगों को कौन-से कारण तस्करी के जोखिम में डालते हैं?",
    ),
)
MODELS = [
    Row(
        "select_one models",
        "model_first",
        (
            "If you were the government, which prevention model would you invest in first?",
            "আপনি সরকার হলে প্রথমে কোন প্রতিরোধ মডেলে বিনিয়োগ করতেন?",
            "अगर आप सरकार होते, तो सबसे पहले किस रोकथाम मॉडल में निवेश करते?",
        ),
    ),
    Row(
        "select_one models",
        "model_second",
        ("And second?", "আর দ্বিতীয়?", "और दूसरे स्थान पर?"),
    ),
]
RATINGS = [
    Row(
        "begin_repeat",
        "ratings",
        ("Offices: power and interest", "দপ্তর: ক্ষমতা ও আগ্রহ", "दफ़्तर: शक्ति और रुचि"),
    ),
    Row("select_one offices", "office", ("Office", "দপ্তর", "दफ़्तर")),
    Row(
        "integer",
        "power",
        (
            f"Its power and influence to prevent trafficking ({AXIS_MIN} lowest to {AXIS_MAX} highest)",
            f"পাচার রোধে এর ক্ষমতা ও প্রভাব ({AXIS_MIN} সবচেয়ে কম থেকে {AXIS_MAX} সবচেয়ে বেশি)",
            f"तस्करी रोकने में इसकी शक्ति और प्रभाव ({AXIS_MIN} सबसे कम से {AXIS_MAX} सबसे ज़्यादा)",
        ),
    ),
    Row(
        "integer",
        "interest",
        (
            f"Its interest and involvement in preventing trafficking ({AXIS_MIN} to {AXIS_MAX})",
            f"পাচার রোধে এর আগ্রহ ও যুক্ততা ({AXIS_MIN} থেকে {AXIS_MAX})",
            f"तस्करी रोकने में इसकी रुचि और भागीदारी ({AXIS_MIN} से {AXIS_MAX})",
        ),
    ),
    Row("end_repeat", "ratings"),
]
MEANING = _text(
    "meaning",
    (
        "What does preventing trafficking mean to you?",
        "আপনার কাছে পাচার প্রতিরোধ মানে কী?",
        "आपके लिए तस्करी की रोकथाम का क्या अर्थ है?",
    ),
)
WHO_IS_TRAFFICKED = _text(
    "who_at_risk",
    (
        "Who is most at risk in this area, by age and gender (girls, boys, women, men, transgender people)?",
        "এই এলাকায় বয়স ও লিঙ্গ অনুযায়ী কারা সবচেয়ে ঝুঁকিতে (মেয়ে, ছেলে, নারী, পুরুষ, রূপান্তরকামী মানুষ)?",
        "इस इलाके में उम्र और लिंग के हिसाब से सबसे ज़्यादा जोखिम में कौन है (लड़कियाँ, लड़के, महिलाएँ, पुरुष, ट्रांसजेंडर लोग)?",
    ),
)
PROTECTS = _text(
    "protects",
    (
        "What in the community protects people from trafficking?",
        "সমাজের কোন জিনিস মানুষকে পাচার থেকে রক্ষা করে?",
        "समुदाय में क्या चीज़ लोगों को तस्करी से बचाती है?",
    ),
)
SHOULD_DO = _text(
    "should_do",
    (
        "What should the government and the panchayat do, and not do, to prevent trafficking?",
        "পাচার রোধে সরকার ও পঞ্চায়েতের কী করা উচিত, আর কী করা উচিত নয়?",
        "तस्करी रोकने के लिए सरकार और पंचायत को क्या करना चाहिए, और क्या नहीं करना चाहिए?",
    ),
)

FORMS: dict[str, dict] = {
    "sathi_fgd_activists": {
        "title": "Community study: discussion with activists",
        "rows": [
            _group("formative", ("Understanding", "বোঝাপড়া", "समझ")),
            MEANING,
            FACTORS,
            _text(
                "factors_linked",
                (
                    "How are these factors linked to one another?",
                    "এই কারণগুলি একে অপরের সঙ্গে কীভাবে যুক্ত?",
                    "ये कारण आपस में कैसे जुड़े हैं?",
                ),
            ),
            WHO_IS_TRAFFICKED,
            PROTECTS,
            _end("formative"),
            _group("stakeholders", ("Offices", "দপ্তর", "दफ़्तर")),
            *RATINGS,
            _end("stakeholders"),
            _group("models", ("Prevention models", "প্রতিরোধের মডেল", "रोकथाम के मॉडल")),
            *MODELS,
            SHOULD_DO,
            _end("models"),
        ],
    },
    "sathi_fgd_collective": {
        "title": "Community study: discussion with collective leaders",
        "rows": [
            _group("formative", ("Understanding", "বোঝাপড়া", "समझ")),
            MEANING,
            FACTORS,
            _text(
                "free_mixing",
                (
                    "How do rules for adolescents at home and in the community affect the risk"
                    " of trafficking?",
                    "ঘরে ও সমাজে কিশোর-কিশোরীদের জন্য নিয়মকানুন পাচারের ঝুঁকিকে কীভাবে প্রভাবিত করে?",
                    "घर और समुदाय में किशोरों के लिए नियम तस्करी के जोखिम पर कैसे असर डालते हैं?",
                ),
            ),
            WHO_IS_TRAFFICKED,
            PROTECTS,
            _text(
                "collective_role",
                (
                    "What can survivor collectives do to prevent trafficking in the community?",
                    "সমাজে পাচার রোধে সারভাইভার কালেক্টিভ কী করতে পারে?",
                    "समुदाय में तस्करी रोकने के लिए सर्वाइवर समूह क्या कर सकते हैं?",
                ),
            ),
            _end("formative"),
            _group("models", ("Prevention models", "প্রতিরোধের মডেল", "रोकथाम के मॉडल")),
            *MODELS,
            SHOULD_DO,
            _end("models"),
        ],
    },
    "sathi_idi_funders": {
        "title": "Community study: interview with a funder",
        "rows": [
            MEANING,
            FACTORS,
            _text(
                "politics",
                (
                    "How do political conditions affect trafficking?",
                    "রাজনৈতিক পরিস্থিতি পাচারকে কীভাবে প্রভাবিত করে?",
                    "राजनीतिक हालात तस्करी पर कैसे असर डालते हैं?",
                ),
            ),
            SHOULD_DO,
            _text(
                "own_approach",
                (
                    "What approach does your organisation take to prevention, and what has it learnt?",
                    "আপনার সংস্থা প্রতিরোধে কোন পথ নেয়, এবং তা থেকে কী শিখেছে?",
                    "आपकी संस्था रोकथाम के लिए कौन-सा तरीका अपनाती है, और उससे क्या सीखा है?",
                ),
                "identity",
            ),
            *MODELS,
            *RATINGS,
            _text(
                "innovation",
                (
                    "What new ways and resources could strengthen the community's defence"
                    " against trafficking?",
                    "কোন নতুন উপায় ও সম্পদ পাচারের বিরুদ্ধে সমাজের সুরক্ষা বাড়াতে পারে?",
                    "कौन-से नए तरीके और संसाधन तस्करी के खिलाफ़ समुदाय की सुरक्षा मज़बूत कर सकते हैं?",
                ),
            ),
            WHO_IS_TRAFFICKED,
        ],
    },
    "sathi_isi_offices": {
        "title": "Community study: interview with an office",
        "rows": [
            GENDER,
            Row(
                "select_one offices",
                "own_office",
                ("The office the respondent holds", "উত্তরদাতার দপ্তর", "उत्तरदाता का दफ़्तर"),
            ),
            Row(
                "select_one severity",
                "severity",
                (
                    "How severe is trafficking in this community?",
                    "এই এলাকায় পাচার কতটা গুরুতর?",
                    "इस समुदाय में तस्करी कितनी गंभीर है?",
                ),
            ),
            WHO_IS_TRAFFICKED,
            _text(
                "where_to",
                (
                    "Where are people taken, for what purpose, and by whom (for women, men and"
                    " transgender people)?",
                    "মানুষকে কোথায়, কী উদ্দেশ্যে, কারা নিয়ে যায় (নারী, পুরুষ ও রূপান্তরকামী মানুষের ক্ষেত্রে)?",
                    "लोगों को कहाँ, किस मकसद से, और कौन ले जाता है (महिलाओं, पुरुषों और ट्रांसजेंडर लोगों के लिए)?",
                ),
            ),
            FACTORS,
            _text(
                "enablers",
                (
                    "What makes trafficking easier here, and what makes it harder?",
                    "এখানে কী পাচারকে সহজ করে, আর কী কঠিন করে?",
                    "यहाँ तस्करी को क्या आसान बनाता है, और क्या मुश्किल?",
                ),
            ),
            _text(
                "own_role",
                (
                    "What is your office's role and responsibility in preventing trafficking?",
                    "পাচার রোধে আপনার দপ্তরের ভূমিকা ও দায়িত্ব কী?",
                    "तस्करी रोकने में आपके दफ़्तर की भूमिका और ज़िम्मेदारी क्या है?",
                ),
            ),
            *RATINGS,
            *MODELS,
        ],
    },
}
SURVIVORS_FGD = "sathi_fgd_collective"
AXIS_MESSAGE = (
    f"A number from {AXIS_MIN} to {AXIS_MAX}",
    f"{AXIS_MIN} থেকে {AXIS_MAX}-এর মধ্যে একটি সংখ্যা",
    f"{AXIS_MIN} से {AXIS_MAX} के बीच की एक संख्या",
)

SEVERITY = [
    ("low", ("Low", "কম", "कम")),
    ("moderate", ("Moderate", "মাঝারি", "मध्यम")),
    ("high", ("High", "বেশি", "ज़्यादा")),
    ("unknown", ("Cannot say", "বলা যায় না", "कह नहीं सकते")),
]


def _vocabulary(choices) -> list[tuple[str, tuple[str, str, str]]]:
    rows = []
    for member in choices:
        labels = []
        for code, _name in LANGUAGES:
            with translation.override(code):
                labels.append(str(member.label))
        rows.append((member.value, tuple(labels)))
    return rows


def choice_lists() -> dict[str, list[tuple[str, tuple[str, str, str]]]]:
    return {
        "factors": _vocabulary(Factor),
        "models": _vocabulary(PreventionModel),
        "offices": _vocabulary(OfficeKind),
        "gender": _vocabulary(Gender),
        "severity": SEVERITY,
    }


def workbook(form_id: str) -> bytes:
    """The XLSForm of one of the four, with English, Bengali and Hindi columns and a sathi::class."""
    form = FORMS[form_id]
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    labels = [f"label::{name}" for _code, name in LANGUAGES]
    messages = [f"constraint_message::{name}" for _code, name in LANGUAGES]
    survey.append(["type", "name", *labels, "required", "constraint", *messages, "sathi::class"])
    for row in form["rows"]:
        constraint, message = "", ("", "", "")
        if row.name in ("power", "interest"):
            constraint = f". >= {AXIS_MIN} and . <= {AXIS_MAX}"
            message = AXIS_MESSAGE
        field_class = "" if row.type.startswith(("begin", "end")) else row.field_class
        survey.append([row.type, row.name, *row.label, row.required, constraint, *message, field_class])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *labels])
    for list_name, items in choice_lists().items():
        for name, texts in items:
            choices.append([list_name, name, *texts])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append([form_id, form["title"], "2026120101", "English (en)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
