package corpus

import (
	"strings"
	"sync"
)

// languageName is the English name of a language code of the catalog
// ("fr": "French"), "" for a code it does not know. The names are those of
// golang.org/x/text/language/display for every two-letter code and the
// three-letter codes Project Gutenberg uses (a test checks them against
// it): importing that package cost every command a millisecond at
// start-up, building its matcher.
func languageName(code string) string {
	return languageNameMap()[strings.ToLower(code)]
}

var languageNameMap = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 256)
	for line := range strings.Lines(languageTable) {
		code, name, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		m[code] = name
	}
	return m
})

// languageTable is "code\tname\n" for each language.
const languageTable = `aa	Afar
ab	Abkhazian
ae	Avestan
af	Afrikaans
ak	Akan
am	Amharic
an	Aragonese
ar	Arabic
as	Assamese
av	Avaric
ay	Aymara
az	Azerbaijani
ba	Bashkir
be	Belarusian
bg	Bulgarian
bh	Bhojpuri
bi	Bislama
bm	Bambara
bn	Bangla
bo	Tibetan
br	Breton
bs	Bosnian
ca	Catalan
ce	Chechen
ch	Chamorro
co	Corsican
cr	Cree
cs	Czech
cu	Church Slavic
cv	Chuvash
cy	Welsh
da	Danish
de	German
dv	Divehi
dz	Dzongkha
ee	Ewe
el	Greek
en	English
eo	Esperanto
es	Spanish
et	Estonian
eu	Basque
fa	Persian
ff	Fulah
fi	Finnish
fj	Fijian
fo	Faroese
fr	French
fy	Western Frisian
ga	Irish
gd	Scottish Gaelic
gl	Galician
gn	Guarani
gu	Gujarati
gv	Manx
ha	Hausa
he	Hebrew
hi	Hindi
ho	Hiri Motu
hr	Croatian
ht	Haitian Creole
hu	Hungarian
hy	Armenian
hz	Herero
ia	Interlingua
id	Indonesian
ie	Interlingue
ig	Igbo
ii	Sichuan Yi
ik	Inupiaq
in	Indonesian
io	Ido
is	Icelandic
it	Italian
iu	Inuktitut
iw	Hebrew
ja	Japanese
ji	Yiddish
jv	Javanese
jw	Javanese
ka	Georgian
kg	Kongo
ki	Kikuyu
kj	Kuanyama
kk	Kazakh
kl	Kalaallisut
km	Khmer
kn	Kannada
ko	Korean
kr	Kanuri
ks	Kashmiri
ku	Kurdish
kv	Komi
kw	Cornish
ky	Kyrgyz
la	Latin
lb	Luxembourgish
lg	Ganda
li	Limburgish
ln	Lingala
lo	Lao
lt	Lithuanian
lu	Luba-Katanga
lv	Latvian
mg	Malagasy
mh	Marshallese
mi	Maori
mk	Macedonian
ml	Malayalam
mn	Mongolian
mo	Moldavian
mr	Marathi
ms	Malay
mt	Maltese
my	Burmese
na	Nauru
nb	Norwegian Bokmål
nd	North Ndebele
ne	Nepali
ng	Ndonga
nl	Dutch
nn	Norwegian Nynorsk
no	Norwegian Bokmål
nr	South Ndebele
nv	Navajo
ny	Nyanja
oc	Occitan
oj	Ojibwa
om	Oromo
or	Odia
os	Ossetic
pa	Punjabi
pi	Pali
pl	Polish
ps	Pashto
pt	Portuguese
qu	Quechua
rm	Romansh
rn	Rundi
ro	Romanian
ru	Russian
rw	Kinyarwanda
sa	Sanskrit
sc	Sardinian
sd	Sindhi
se	Northern Sami
sg	Sango
sh	Serbo-Croatian
si	Sinhala
sk	Slovak
sl	Slovenian
sm	Samoan
sn	Shona
so	Somali
sq	Albanian
sr	Serbian
ss	Swati
st	Southern Sotho
su	Sundanese
sv	Swedish
sw	Swahili
ta	Tamil
te	Telugu
tg	Tajik
th	Thai
ti	Tigrinya
tk	Turkmen
tl	Filipino
tn	Tswana
to	Tongan
tr	Turkish
ts	Tsonga
tt	Tatar
tw	Akan
ty	Tahitian
ug	Uyghur
uk	Ukrainian
ur	Urdu
uz	Uzbek
ve	Venda
vi	Vietnamese
vo	Volapük
wa	Walloon
wo	Wolof
xh	Xhosa
yi	Yiddish
yo	Yoruba
za	Zhuang
zh	Chinese
zu	Zulu
ale	Aleut
ang	Old English
arp	Arapaho
brx	Bodo
ceb	Cebuano
csb	Kashubian
enm	Middle English
fur	Friulian
gla	Scottish Gaelic
grc	Ancient Greek
ilo	Iloko
kha	Khasi
nap	Neapolitan
nav	Navajo
oji	Ojibwa
sco	Scots
`
