"""Word lists for Norwegian (Bokmål, Nynorsk, dialect) and English notes.

Hand-written and deliberately small: stop words that carry no theme, and
spelling variants mapped to one Bokmål form so that "ikkje"/"ikke",
"kommuna"/"kommunen" and "opningstider"/"åpningstider" meet. The English
glossary maps common words of municipal service to their Bokmål form so a
note written in English can land beside its Norwegian neighbours; it is
general vocabulary, not a list taken from any one board.

All keys are lower case. ``normalise`` folds æ/ø/å before looking a word
up in ``STOP_WORDS``, so "paa", "pa" and "på" are all recognised.
"""
from __future__ import annotations

_NB = """
alle allerede alt andre at av bare begge ble bli blir blitt bør både da dag
de dem den denne der dere deres det dette di din disse dit ditt du dvs eg eller
en ene enn er et ett etter f.eks feks for fordi fra før får få gang ganger
god gode godt gjennom gjøre gjør ha hadde han hans har hele helt henne
hennes her hos hun hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor
i igjen ikke ingen inn inne jeg kan kanskje kom komme kommer kun kunne man
mange med meg meget mellom men mer mest mig min mine mitt mot mye må måte
ned nei noe noen nok nå når og også om opp oss over på rundt samme seg
selv sin sine sitt skal skulle slik slike slikt som så sånn sånne til
tror uten ut var vart ved vi vil ville vår være vært å ønsker bør osv
litt lenger veldig virkelig egentlig ofte alltid aldri nye ny nytt mer
gå går gjort gi gir få fått blant både sier si sagt
eks f ta tar tok tatt teken tekne altfor ting synes syns tenker måtte kunne
burde bør trenger trengs liksom faktisk fortsatt ganske
"""

# The subject of every board in this app: words that name it set no theme apart.
_TOPIC = """
kommune kommunen kommunens kommunes kommunale kommunalt kommuner kommunene
innbygger innbyggere innbyggerne innbyggeren innbyggernes samhandling
samhandle samhandler municipality citizens
"""

_NN = """
berre dei deira deim desse det dykk dykkar eg ein eit eitt elles fleire
frå heile hjå ho kva kvar kven kvifor korleis kor kvifor ikkje inkje mi
mykje meir nokon noko nokre nokon sidan sjølv skal skulle sine somme
til um upp vere vore være vart vil ville vår våre vårt åt ei kome
"""

_DIALECT = """
æ ka ke kem kor ikkje itte ittj ente te vårres dokker dokkers me mæ dæ
sæ hu ho kæ sånn sånt nåkka någe
"""

_EN = """
a about all also an and any are as at be because been but by can could
do does don't dont for from get give has have how i if in into is it its
just like make more most much must my no not of on one only or our out
please should so some such than that the their them then there these they
this to too up us very want was we were what when where which who why
will with would you your
"""

STOP_WORDS: frozenset[str] = frozenset((_NB + _NN + _DIALECT + _EN + _TOPIC).split())

# Nynorsk and dialect forms -> the Bokmål form the stemmer knows.
VARIANTS: dict[str, str] = {
    "ikkje": "ikke", "itte": "ikke", "ittj": "ikke", "eg": "jeg", "æ": "jeg",
    "korleis": "hvordan", "kva": "hva", "ka": "hva", "kven": "hvem",
    "kvar": "hvor", "kor": "hvor", "kvifor": "hvorfor", "berre": "bare",
    "mykje": "mye", "meir": "mer", "fleire": "flere", "frå": "fra",
    "heile": "hele", "noko": "noe", "nokon": "noen", "kome": "komme",
    "kommuna": "kommunen", "kommunar": "kommuner", "kommunane": "kommunene",
    "innbyggjar": "innbygger", "innbyggjarar": "innbyggere",
    "innbyggjarane": "innbyggerne", "innbyggaren": "innbyggeren",
    "teneste": "tjeneste", "tenester": "tjenester", "tenestene": "tjenestene",
    "tenesta": "tjenesten", "tenestetilbod": "tjenestetilbud",
    "tilbod": "tilbud", "tilboda": "tilbudene", "tilbodet": "tilbudet",
    "opningstid": "åpningstid", "opningstider": "åpningstider",
    "opningstidene": "åpningstidene", "open": "åpen", "opne": "åpne",
    "openheit": "åpenhet", "sakshandsaming": "saksbehandling",
    "sakshandsamingstid": "saksbehandlingstid", "handsaming": "behandling",
    "sakshandsamar": "saksbehandler", "medverknad": "medvirkning",
    "meining": "mening", "høyre": "høre",
    "sjå": "se", "gjere": "gjøre", "vere": "være", "saman": "sammen",
    "betre": "bedre", "breva": "brevene", "klårt": "klart", "klår": "klar",
    "stad": "sted", "staden": "stedet",
    "nettsida": "nettsiden", "heimeside": "hjemmeside",
    "heimesida": "hjemmesiden", "hjemmesida": "hjemmesiden",
    "saka": "saken", "ungdomar": "ungdommer", "ungdomen": "ungdommen",
    "foreningar": "foreninger", "møteplassar": "møteplasser",
    "bydelar": "bydeler", "tilsette": "ansatte", "tilsett": "ansatt",
    "skjemaa": "skjemaene",
    "enklare": "enklere", "kortare": "kortere", "raskare": "raskere",
    "tydeleg": "tydelig", "vanskeleg": "vanskelig", "frivilligheita": "frivilligheten",
    "teken": "tatt", "tekne": "tatt", "tidleg": "tidlig", "innspel": "innspill",
    "innspela": "innspillene", "seie": "si", "vårres": "vår", "dokker": "dere",
    "fortare": "fortere", "venta": "ventet",
}

# Common words of municipal service, English -> Bokmål.
GLOSSARY: dict[str, str] = {
    "municipality": "kommunen", "council": "råd", "councillor": "politiker",
    "politicians": "politikere", "citizens": "innbyggere", "residents": "innbyggere",
    "people": "folk", "trust": "tillit", "transparency": "åpenhet",
    "openness": "åpenhet", "honesty": "ærlighet", "decisions": "beslutninger",
    "decision": "beslutning", "budget": "budsjett", "language": "språk",
    "jargon": "fagord", "letters": "brev", "letter": "brev", "forms": "skjema",
    "form": "skjema", "meetings": "møter", "meeting": "møte",
    "district": "bydel", "districts": "bydeler", "neighbourhood": "nabolag",
    "information": "informasjon", "updates": "oppdatering", "news": "nyheter",
    "phone": "telefon", "telephone": "telefon", "reach": "nå",
    "contact": "kontakt", "opening": "åpning", "hours": "tider",
    "evening": "kveld", "evenings": "kveld", "respect": "respekt",
    "respectful": "respekt", "listen": "lytte", "feedback": "tilbakemelding",
    "input": "innspill", "answer": "svar", "reply": "svar",
    "volunteers": "frivillige", "volunteer": "frivillig", "youth": "ungdom",
    "children": "barn", "young": "unge", "school": "skole",
    "application": "søknad", "applications": "søknader",
    "processing": "behandling", "faster": "raskere", "waiting": "venting",
    "online": "nett", "appointments": "time", "website": "nettside", "search": "søk",
    "seniors": "eldre", "elderly": "eldre", "library": "bibliotek",
    "help": "hjelp", "assistance": "hjelp", "accessible": "tilgjengelig",
    "english": "engelsk", "interpreter": "tolk", "translation": "oversettelse",
    "newcomers": "innvandrere", "immigrants": "innvandrere",
    "office": "kontor", "mall": "kjøpesenter", "case": "sak", "plain": "klar",
}
