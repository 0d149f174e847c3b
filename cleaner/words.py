"""Word-level helpers shared by rules: the stop-word list and the folding of a word to a key.

English only for now: the stop words decide which words carry a line's subject. Other
languages still clean (patterns and layout do not depend on this), with weaker overlap scores.
"""
from __future__ import annotations

from functools import lru_cache

STOP_WORDS = frozenset("""
a about above after again against ago all almost along already also although always am among an and
another any anyone anything are around as at back be became because become been before being below
between both but by can cannot could did do does doing done down during each either else even ever
every few for from further get gets getting go goes going got had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less like made make many
may me might more most much must my myself near neither never new no nor not now of off often on once
one only or other others our ours ourselves out over own per put rather said same say says see seen
she should since so some still such than that the their theirs them themselves then there these they
this those though through thus to too toward under until up upon us very via was we well were what
when where whether which while who whom whose why will with within without would yet you your yours
yourself yourselves
""".split()) | frozenset(
    # The commonest function words of other languages news is written in (French, German,
    # Spanish, Portuguese, Italian, Dutch), so their prose reads as prose: its share of
    # function words, not its vocabulary, is what tells a paragraph from a menu. Words that
    # are also English content words ("car", "war", "man", "son", "door", "era") are left out.
    """
    le la les un une des du de au aux et est sont ce cette ces il elle ils elles nous vous je en
    dans par pour sur avec sans sous qui que dont où ne pas plus se sa ses leur leurs été être ont
    avait mais ou donc lui même aussi entre après avant selon comme tout tous toute toutes très

    der die das den dem des ein eine einer eines einem einen und oder aber ist sind waren wird
    werden wurde wurden haben hatte nicht auch auf aus bei mit nach von vor zu zum zur für über
    unter durch gegen um im ins am als wie wenn dass sich sie er es wir ihr ich noch nur schon
    sehr mehr kein keine dieser diese dieses seine ihre ihren sein

    el los las una unos unas del al por para con sin sobre que quien cual como cuando donde es
    fue fueron ser estar está están ha han había su sus lo le les nos más pero ya muy
    también hasta desde este esta estos estas ese esa eso

    os um uma uns umas da dos das na nos nas em com sem quem quando onde é são foi foram há tem
    têm seu sua seus suas ele ela eles elas mais mas já muito até isso não ao aos pelo pela
    pelos pelas

    il lo gli della dei delle dal dalla nel nella su tra fra che chi è sono stato stata essere
    hanno non più ma anche dove si suo loro questo questa quello alla ai agli

    het een en van op te dat voor met zijn niet aan er om ook als bij naar maar nog wordt werd
    worden hij zij ze wij ik je uit over tot heeft hebben deze dit geen meer
    """.split())

_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")


@lru_cache(maxsize=1 << 17)  # words repeat across lines and pages; this is a hot path
def content_key(word: str) -> str | None:
    """Fold a word to the key used to compare subjects, or None for words that carry none.

    Lower-cased, possessive and plural endings dropped ("Ukraine’s" and "Ukraine" meet),
    stop words and words shorter than three characters ignored.
    """
    key = word.lower()
    for ending in _POSSESSIVE_ENDINGS:
        if key.endswith(ending):
            key = key[: -len(ending)]
            break
    if len(key) < 3 or key in STOP_WORDS:
        return None
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        key = key[:-1]
    return key
