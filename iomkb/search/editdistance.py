"""Levenshtein distance with a bound, registered on SQLite connections as iomkb_editdist()."""


def bounded_distance(a, b, bound):
    """Edit distance of a and b, or bound + 1 as soon as it must exceed bound."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > bound:
            return bound + 1
        previous = current
    return min(previous[-1], bound + 1)


def register(sender, connection, **kwargs):
    """connection_created receiver."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "iomkb_editdist", 3, bounded_distance, deterministic=True
        )
