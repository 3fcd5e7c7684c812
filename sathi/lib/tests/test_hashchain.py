from sathi.lib.hashchain import GENESIS, link_hash, verify_chain


def chain(n):
    links, prev = [], GENESIS
    for seq in range(1, n + 1):
        content = {"seq": seq, "action": f"a{seq}"}
        h = link_hash(prev, content)
        links.append((seq, seq * 10, prev, h, content))
        prev = h
    return links


def test_intact_chain_verifies():
    assert verify_chain(chain(5)) is None


def test_edit_delete_and_reorder_are_caught_at_the_right_event():
    links = chain(5)
    edited = [*links]
    edited[2] = (*links[2][:4], {**links[2][4], "action": "changed"})
    assert verify_chain(edited).event_id == 30
    deleted = links[:2] + links[3:]
    assert verify_chain(deleted).seq == 4
    reordered = [links[0], links[2], links[1], *links[3:]]
    assert verify_chain(reordered).event_id == 30
