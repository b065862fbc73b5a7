"""The alias rule shared by the build scripts: aliases must be names, not descriptions."""
import re

# Aliases must be names, not descriptions: an alias with a lower-case word other than a
# particle ("Kurram district", "Pakistani military", "Haqqani group") is left out, so that
# a match covers the name only.
PARTICLES = {"of", "the", "and", "for", "in", "e", "i", "ul", "al", "ud", "ur", "de", "la", "el",
             "bin", "ibn", "wal", "on", "a", "an", "des", "du", "da", "di", "le", "y", "et", "o",
             "d'ivoire", "d’ivoire", "s"}
DESCRIPTIVE_KEEP = {"Pakistan-administered Kashmir", "Pakistani-administered Kashmir", "Pakistan-controlled Kashmir",
                    "Indian-administered Kashmir", "Indian-controlled Kashmir", "Indian-occupied Kashmir",
                    "sub-Saharan Africa", "Co-operative Republic of Guyana", "alQaeda", "dpa", "al-Qaeda",
                    "al Qaeda", "al-Qaida", "al Qaida", "al-Qa'ida", "al-Shabaab", "al Shabaab", "al-Shabab"}


def descriptive(alias):
    if alias in DESCRIPTIVE_KEEP:
        return False
    return any(w[:1].islower() and w.lower() not in PARTICLES for w in re.split(r"[\s\-]+", alias) if w)
