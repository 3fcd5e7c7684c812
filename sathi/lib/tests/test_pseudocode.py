from sathi.lib import pseudocode


def test_codes_are_short_readable_and_self_checking():
    for _ in range(200):
        code = pseudocode.new_code()
        assert len(code) == 8
        assert not set(code) & set("ILOU")
        assert pseudocode.normalise(code) == code
        assert pseudocode.normalise(pseudocode.display(code).lower()) == code


def test_a_misheard_character_or_swapped_pair_is_caught():
    code = pseudocode.new_code()
    for i in range(len(code)):
        for ch in pseudocode.ALPHABET:
            if ch != code[i]:
                wrong = code[:i] + ch + code[i + 1 :]
                if {ch, code[i]} != {"0", "Z"}:
                    assert pseudocode.normalise(wrong) is None
    for i in range(len(code) - 1):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if code[i] != code[i + 1] and {code[i], code[i + 1]} != {"0", "Z"}:
            assert pseudocode.normalise(swapped) is None


def test_letters_confused_with_digits_are_read_as_digits():
    code = "0" * 7
    code += pseudocode._check_char(code)
    assert pseudocode.normalise(code.replace("0", "O")) == code
