import dataclasses
import hashlib

from sathi.lib.hashchain import GENESIS, Link, canonical, link_hash, verify_chain

KEY = b"k" * 32
KEYS = {"a1": KEY}.get


def chain(n, key=KEY):
    links, prev = [], GENESIS
    for seq in range(1, n + 1):
        content = {"seq": seq, "action": f"a{seq}"}
        h = link_hash(key, prev, content)
        links.append(Link(seq, seq * 10, "a1", prev, h, content))
        prev = h
    return links


def test_intact_chain_verifies():
    assert verify_chain(chain(5), KEYS) is None


def test_edit_delete_and_reorder_are_caught_at_the_right_event():
    links = chain(5)
    edited = [*links]
    edited[2] = dataclasses.replace(links[2], content={**links[2].content, "action": "changed"})
    assert verify_chain(edited, KEYS).event_id == 30
    deleted = links[:2] + links[3:]
    assert verify_chain(deleted, KEYS).seq == 4
    reordered = [links[0], links[2], links[1], *links[3:]]
    assert verify_chain(reordered, KEYS).event_id == 30


def test_a_chain_recomputed_without_the_key_is_caught():
    plain, prev = [], GENESIS
    for link in chain(3):
        h = hashlib.sha256(prev.encode() + b"\n" + canonical(link.content)).hexdigest()
        plain.append(dataclasses.replace(link, prev_hash=prev, hash=h))
        prev = h
    assert verify_chain(plain, KEYS).event_id == 10
    assert verify_chain(chain(3, key=b"x" * 32), KEYS).problem == "content does not match its hash"


def test_a_link_naming_an_unknown_key_is_caught():
    assert "not in the keys file" in verify_chain(chain(2), {}.get).problem
