import pytest

from sathi.lib import crypto


def test_sealed_value_opens_only_in_its_own_place():
    key = crypto.new_key()
    blob = crypto.seal_text(key, "p1", "Rupa", "people.person.phone:row-1")
    assert crypto.unseal_text(key, blob, "people.person.phone:row-1") == "Rupa"
    # copied into another row, or another column of the same row: refused, never read
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal_text(key, blob, "people.person.phone:row-2")
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal_text(key, blob, "people.person.location:row-1")


def test_tampered_or_wrong_key_ciphertext_is_an_error_not_an_empty_value():
    key = crypto.new_key()
    blob = bytearray(crypto.seal_text(key, "p1", "Rupa", "aad"))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal_text(key, bytes(blob), "aad")
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal_text(crypto.new_key(), crypto.seal_text(key, "p1", "x", "aad"), "aad")
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(key, b"\x09garbage", "aad")


def test_ciphertext_names_its_key():
    blob = crypto.seal(crypto.new_key(), "m2026", b"x", "aad")
    assert crypto.key_id_of(blob) == "m2026"


def test_same_value_seals_differently_each_time():
    key = crypto.new_key()
    assert crypto.seal_text(key, "p1", "Rupa", "a") != crypto.seal_text(key, "p1", "Rupa", "a")


def test_blind_index_matches_normalised_values_and_separates_purposes():
    key = crypto.new_key()

    def phone(value):
        return crypto.blind_index(key, "phone", crypto.normalise_phone(value))

    assert phone("+91 98300 12345") == phone("098300-12345") == phone("9830012345")
    assert phone("৯৮৩০০১২৩৪৫") == phone("9830012345")  # Bengali digits
    name = crypto.blind_index(key, "name", crypto.normalise_name("  Rupa   MONDAL "))
    assert name == crypto.blind_index(key, "name", crypto.normalise_name("rupa mondal"))
    assert crypto.blind_index(key, "name", "9830012345") != phone("9830012345")
    assert len(name) == crypto.BLIND_INDEX_BYTES * 2
    # another organisation's key gives another index: indexes do not link people across organisations
    assert crypto.blind_index(crypto.new_key(), "name", "rupa mondal") != name


def test_keys_file_round_trip_and_rotation(tmp_path):
    path = tmp_path / "keys.json"
    crypto.generate_keys_file(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    ring = crypto.load_keys_file(path)
    new_id = crypto.add_master_key(path)
    ring2 = crypto.load_keys_file(path)
    assert ring2.active_master_id == new_id
    assert ring.active_master_id in ring2.masters  # the old key stays until retired
    assert ring2.pepper == ring.pepper
    with pytest.raises(crypto.KeyFileError):
        crypto.generate_keys_file(path)  # never overwritten


def test_malformed_keys_file_is_refused(tmp_path):
    path = tmp_path / "keys.json"
    path.write_text("{not json")
    with pytest.raises(crypto.KeyFileError):
        crypto.load_keys_file(path)
    with pytest.raises(crypto.KeyFileError):
        crypto.load_keys_file(tmp_path / "missing.json")
