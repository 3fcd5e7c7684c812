# Bengali dates as people write them: day, the month's name, year (১ ডিসেম্বর ২০২৬ reads 1 ডিসেম্বর 2026 here).
# Date inputs are ISO whatever the language (sathi.core.forms.DateInput); typed dates may be day first.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"  # a month: its name and the year
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
FIRST_DAY_OF_WEEK = 0
