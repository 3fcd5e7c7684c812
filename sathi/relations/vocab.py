"""Vocabularies of social relations and the life course (seed 000; chain of risk in 003)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Domain(models.TextChoices):
    NATAL = "natal", _("Natal household")
    MARITAL = "marital", _("Marital household")
    COMMUNITY = "community", _("Community")
    SEX_WORK = "sex_work", _("Site of sex work")
    STATE = "state", _("State and institutions")
    NGO = "ngo", _("NGOs")


HOUSEHOLDS = frozenset({Domain.NATAL, Domain.MARITAL})


class Kind(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    STEP_MOTHER = "step_mother", _("Step-mother")
    STEP_FATHER = "step_father", _("Step-father")
    BROTHER = "brother", _("Brother")
    SISTER = "sister", _("Sister")
    SISTER_IN_LAW = "sister_in_law", _("Sister-in-law")
    BROTHER_IN_LAW = "brother_in_law", _("Brother-in-law")
    STEP_BROTHER = "step_brother", _("Step-brother")
    STEP_SISTER = "step_sister", _("Step-sister")
    COUSIN = "cousin", _("Cousin")
    MATERNAL_UNCLE = "maternal_uncle", _("Maternal uncle (mama)")
    PATERNAL_UNCLE = "paternal_uncle", _("Paternal uncle (kaka)")
    MATERNAL_AUNT = "maternal_aunt", _("Maternal aunt (mashi)")
    PATERNAL_AUNT = "paternal_aunt", _("Paternal aunt (pishi)")
    GRANDMOTHER = "grandmother", _("Grandmother")
    GRANDFATHER = "grandfather", _("Grandfather")
    GUARDIAN = "guardian", _("Guardian")
    HUSBAND = "husband", _("Husband")
    WIFE = "wife", _("Wife")
    CO_WIFE = "co_wife", _("Husband's other wife")
    PARTNER = "partner", _("Partner")
    MOTHER_IN_LAW = "mother_in_law", _("Mother-in-law")
    FATHER_IN_LAW = "father_in_law", _("Father-in-law")
    CHILD = "child", _("Child")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    LOVER = "lover", _("Lover")
    CUSTOMER = "customer", _("Customer")
    MADAM = "madam", _("Madam")
    BROTHEL_OWNER = "brothel_owner", _("Brothel owner")
    PEER = "peer", _("Peer")
    NEIGHBOUR = "neighbour", _("Neighbour")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    POLICE = "police", _("Police")
    PANCHAYAT_MEMBER = "panchayat_member", _("Panchayat member")
    OTHER = "other", _("Other")


# Other words a guardian's relationship may be written with, in the field's own terms, so that "uncle" or
# "mama" written on a consent form finds the maternal uncle on the map (sathi.relations.safety).
KIN_WORDS: dict[str, tuple[str, ...]] = {
    Kind.MATERNAL_UNCLE: ("uncle", "mama", "মামা", "मामा"),
    Kind.PATERNAL_UNCLE: ("uncle", "kaka", "chacha", "কাকা", "জেঠু", "चाचा", "काका", "ताऊ"),
    Kind.MATERNAL_AUNT: ("aunt", "auntie", "mashi", "mausi", "মাসি", "মাসী", "मौसी"),
    Kind.PATERNAL_AUNT: ("aunt", "auntie", "pishi", "bua", "পিসি", "পিসী", "बुआ"),
    Kind.GRANDMOTHER: ("thakuma", "didima", "ঠাকুমা", "দিদিমা", "दादी", "नानी"),
    Kind.GRANDFATHER: ("thakurda", "dadu", "ঠাকুরদা", "দাদু", "दादा", "नाना"),
}


class EntryRole(models.TextChoices):
    """The part the other played in the person's entry into sex work or trafficking. The codes keep their
    first spelling (stored and sent by the API); the words are neutral."""

    NONE = "", _("No part")
    SOLD_HER = "sold_her", _("Sold them")
    DECEIVED_HER = "deceived_her", _("Deceived them")
    FACILITATED = "facilitated", _("Facilitated it")
    HELPED_ESCAPE = "helped_escape", _("Helped them escape")
    PROTECTED_HER = "protected_her", _("Protected them")


TOOK_PART = frozenset({EntryRole.SOLD_HER, EntryRole.DECEIVED_HER, EntryRole.FACILITATED})


class Quality(models.TextChoices):
    SUPPORT_EMOTIONAL = "support_emotional", _("Emotional support")
    SUPPORT_MATERIAL = "support_material", _("Material support")
    SUPPORT_CHILDCARE = "support_childcare", _("Help with childcare")
    CONTROL = "control", _("Control")
    VIOLENCE_PHYSICAL = "violence_physical", _("Physical violence")
    VIOLENCE_PSYCHOLOGICAL = "violence_psychological", _("Psychological violence")
    VIOLENCE_SEXUAL = "violence_sexual", _("Sexual violence")
    VIOLENCE_ECONOMIC = "violence_economic", _("Economic violence or deprivation (food withheld)")
    NEGLECT = "neglect", _("Neglect")


SUPPORT = frozenset({Quality.SUPPORT_EMOTIONAL, Quality.SUPPORT_MATERIAL, Quality.SUPPORT_CHILDCARE})
VIOLENCE = frozenset(
    {
        Quality.VIOLENCE_PHYSICAL,
        Quality.VIOLENCE_PSYCHOLOGICAL,
        Quality.VIOLENCE_SEXUAL,
        Quality.VIOLENCE_ECONOMIC,
        Quality.NEGLECT,
    }
)


class EventKind(models.TextChoices):
    PARENT_REMARRIAGE = "parent_remarriage", _("A parent remarried")
    FOOD_WITHHELD = "food_withheld", _("Food was withheld")
    ILLNESS = "illness", _("Illness")
    DISABILITY = "disability", _("Disability")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    MARRIAGE = "marriage", _("Marriage")
    CHILDBIRTH = "childbirth", _("Childbirth")
    MIGRATION = "migration", _("Migration")
    ENTRY_COERCED = "entry_coerced", _("Entry into sex work, coerced")
    ENTRY_OWN_DECISION = "entry_own_decision", _("Entry into sex work, their own decision")
    ESCAPE = "escape", _("Escape")
    RESCUE_OR_RAID = "rescue_or_raid", _("Rescue or raid")
    SHELTER_STAY = "shelter_stay", _("Shelter stay")
    RE_ENTRY = "re_entry", _("Re-entry into sex work")
    RETURN_HOME = "return_home", _("Return home")
    OTHER = "other", _("Other")


class Factor(models.TextChoices):
    # vulnerability factors named by communities (003)
    POVERTY = "poverty", _("Poverty")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    NO_SCHOOLING = "no_schooling", _("No schooling")
    EMOTIONAL_NEGLECT = "emotional_neglect", _("Emotional neglect")
    RESTRICTIVE_CONTROL = "restrictive_control", _("Restrictive control of adolescent girls")
    EARLY_MARRIAGE = "early_marriage", _("Early marriage")
    WIDOWHOOD = "widowhood", _("Widowhood")
    DOMESTIC_OPPRESSION = "domestic_oppression", _("Domestic oppression")
    DISTRESS_MIGRATION = "distress_migration", _("Distress migration")
    CLIMATE_LOSS = "climate_loss", _("Livelihood lost to climate (salinity, cyclones)")
    DAUGHTER_DISFAVOUR = "daughter_disfavour", _("Daughters disfavoured")
    LARGE_FAMILY = "large_family", _("Large family")
    STIGMA = "stigma", _("Stigma")
    # protective factors
    COMMUNITY_TIES = "community_ties", _("Strong community ties")
    PLEDGE_AGAINST_CHILD_MARRIAGE = "pledge_child_marriage", _("A pledge against child marriage")
    PEER_SUPPORT = "peer_support", _("Peer support")
    COLLECTIVE_MEMBERSHIP = "collective_membership", _("Membership of a collective")
    SCHOOLING = "schooling", _("Schooling")
    OWN_INCOME = "own_income", _("Their own income")


PROTECTIVE_FACTORS = frozenset(
    {
        Factor.COMMUNITY_TIES,
        Factor.PLEDGE_AGAINST_CHILD_MARRIAGE,
        Factor.PEER_SUPPORT,
        Factor.COLLECTIVE_MEMBERSHIP,
        Factor.SCHOOLING,
        Factor.OWN_INCOME,
    }
)


class Attitude(models.TextChoices):
    ACCEPTING = "accepting", _("Accepting")
    CONDITIONAL = "conditional", _("Accepting on conditions")
    REJECTING = "rejecting", _("Rejecting")


class Stigma(models.TextChoices):
    # a context of their own: the same English words are priorities elsewhere
    LOW = "low", pgettext_lazy("stigma", "Low")
    MEDIUM = "medium", pgettext_lazy("stigma", "Medium")
    HIGH = "high", pgettext_lazy("stigma", "High")


class HerWish(models.TextChoices):
    RETURN = "return", _("Wants to return")
    NOT_RETURN = "not_return", _("Does not want to return")
    UNDECIDED = "undecided", _("Undecided")


class SafetyFlag(models.TextChoices):
    TOOK_PART = "took_part", _("A member of the household took part in the trafficking")
    VIOLENCE = "violence", _("Violence in the household")
    REJECTED = "rejected", _("The family has rejected the person")
    HIGH_STIGMA = "high_stigma", _("High stigma")
    WISH_DIFFERS = "wish_differs", _("The person's own wish differs")


class Suggestion(models.TextChoices):
    SAFE_TO_RETURN = "safe_to_return", _("Safe to return")
    RETURN_WITH_WORK = "return_with_work", _("Return only with work on named relations")
    RESETTLE = "resettle", _("Alternative resettlement")


class Choice(models.TextChoices):
    RETURN_HOME = "return_home", _("Return home")
    RESETTLE = "resettle", _("Resettle elsewhere")
    NOT_YET = "not_yet", _("Not decided yet")
