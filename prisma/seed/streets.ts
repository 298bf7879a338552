// Sloviansk's street list for address search: current Ukrainian name, kind, a point, and the
// former names people still use (the 2016 decommunisation, the 2024 decolonisation, Russian
// spellings). The seed adds what is missing, merges former names into what the city already
// has, and renames a row still carrying a former name (see seed-streets.server.ts).
//
// Sources (every name below comes from one of them; nothing is guessed):
//  [seed]   the starting list the project shipped with (points on the street, not surveyed);
//  [2016a]  city council session on decommunisation, 2016 — площа Жовтневої революції became
//           площа Соборна (lifedon.com.ua, after dotb.dn.ua);
//  [2016b]  order No. 415 of the Donetsk regional administration, 3 June 2016: 46 renamings in
//           Sloviansk, among them бульвар Героїв Крут and streets named after Vernadsky, Ostap
//           Vyshnia, Stupka, Orlyk, Danylo Halytskyi, the Sich Riflemen, Ivasiuk, Kavaleridze,
//           Khvylovy, Hrinchenko (ipress.ua, interfax.com.ua, 4 June 2016);
//  [2024]   order of the head of the city military administration on decolonisation, 2024
//           (public consultation 12.03–10.04.2024, slavrada.gov.ua; list reported by ostro.org):
//           площа Комунарів → площа Михайла Петренка, бульвар Пушкіна → бульвар Лесі Українки,
//           Лозановича → Національної Гвардії, Л. Толстого → Івана Мазепи, Шмідта → Енеїди,
//           Менделєєва → Червоної Калини, new streets of fallen defenders;
//  [news]   addresses in city news and utility notices (6262.com.ua, slavinfo.dn.ua,
//           tvplus.dn.ua, slavgorod.com.ua, dontimes.news, news.dn.ua, pravda.com.ua,
//           slavrada.gov.ua, 2015–2025), e.g. «вул. Вчительська (Калініна)», «Вокзальна, до
//           декомунізації — Свердлова».
//
// This is not yet every street of the city (about 690 streets and lanes, per the 2015 city
// commission): the full register (or an OpenStreetMap extract) is loaded with
// scripts/import-streets-osm.ts — see docs/places.md.
//
// Points: `approximate: true` means the point is only the neighbourhood's (or the city's)
// centre because no surveyed point was at hand; the operator or citizen moves the pin.
import type { StreetKind } from "#app/generated/prisma/enums.ts";

export type SeedStreet = {
  nameUk: string;
  kind: StreetKind;
  /** Former names (most recent first) and Russian spellings people still use. */
  aliases: string[];
  lat: number;
  lon: number;
  approximate: boolean;
};

/** Centres used for streets whose own point is not known (from the seed's service areas). */
const AREA = {
  city: { lat: 48.852, lon: 37.605 },
  centre: { lat: 48.8525, lon: 37.6075 },
  artema: { lat: 48.8325, lon: 37.5625 },
} as const;

const at = (area: keyof typeof AREA) => ({ ...AREA[area], approximate: true });
const point = (lat: number, lon: number) => ({ lat, lon, approximate: false });

export const STREETS: readonly SeedStreet[] = [
  // [seed] [2016a] [2024] [news]
  {
    nameUk: "площа Соборна",
    kind: "SQUARE",
    aliases: ["площа Жовтневої революції", "площадь Октябрьской революции", "Соборная площадь"],
    ...point(48.8527, 37.6049),
  },
  { nameUk: "вулиця Університетська", kind: "STREET", aliases: ["Университетская", "вулиця Леніна"], ...point(48.8555, 37.6055) },
  { nameUk: "вулиця Шевченка", kind: "STREET", aliases: ["Шевченко"], ...point(48.8579, 37.6018) },
  { nameUk: "вулиця Василівська", kind: "STREET", aliases: ["Васильевская", "вулиця Карла Маркса"], ...point(48.8505, 37.6093) },
  { nameUk: "вулиця Центральна", kind: "STREET", aliases: ["Центральная"], ...point(48.8546, 37.6118) },
  { nameUk: "вулиця Свободи", kind: "STREET", aliases: ["Свободы"], ...point(48.8492, 37.6021) },
  { nameUk: "вулиця Банківська", kind: "STREET", aliases: ["Банковская"], ...point(48.8533, 37.5991) },
  { nameUk: "вулиця Ярослава Мудрого", kind: "STREET", aliases: ["вулиця Комсомольська", "Ярослава Мудрого"], ...point(48.8611, 37.6098) },
  { nameUk: "вулиця Торська", kind: "STREET", aliases: ["Торская"], ...point(48.8653, 37.6172) },
  { nameUk: "вулиця Добровольського", kind: "STREET", aliases: ["Добровольского"], ...point(48.8474, 37.6142) },
  { nameUk: "вулиця Національної Гвардії", kind: "STREET", aliases: ["вулиця Лозановича", "Лозановича", "Национальной Гвардии"], ...point(48.8519, 37.6163) },
  { nameUk: "вулиця Вчительська", kind: "STREET", aliases: ["вулиця Калініна", "Учительская", "Калинина"], ...point(48.8563, 37.5952) },
  { nameUk: "вулиця Героїв Небесної Сотні", kind: "STREET", aliases: ["Героев Небесной Сотни"], ...point(48.8441, 37.6071) },
  { nameUk: "вулиця Святотроїцька", kind: "STREET", aliases: ["Святотроицкая"], ...point(48.8498, 37.5946) },
  { nameUk: "вулиця Гоголя", kind: "STREET", aliases: ["Гоголя"], ...point(48.8537, 37.6138) },
  { nameUk: "вулиця Поштова", kind: "STREET", aliases: ["Почтовая"], ...point(48.8521, 37.6071) },
  { nameUk: "вулиця Курортна", kind: "STREET", aliases: ["Курортная"], ...point(48.8781, 37.6288) },
  { nameUk: "вулиця Солоного озера", kind: "STREET", aliases: ["Соляные озера", "Ріпне"], ...point(48.8787, 37.6351) },
  { nameUk: "вулиця Бульварна", kind: "STREET", aliases: ["Бульварная"], ...point(48.8469, 37.5987) },
  { nameUk: "вулиця Матросова", kind: "STREET", aliases: ["Матросова"], ...point(48.8412, 37.5935) },
  { nameUk: "вулиця Залізнична", kind: "STREET", aliases: ["Железнодорожная"], ...point(48.8405, 37.5792) },
  { nameUk: "вулиця Вокзальна", kind: "STREET", aliases: ["вулиця Свердлова", "Вокзальная", "Свердлова"], ...point(48.8382, 37.5752) },
  { nameUk: "вулиця Олекси Тихого", kind: "STREET", aliases: ["вулиця Кірова", "Олексы Тихого"], ...point(48.8626, 37.6027) },
  { nameUk: "вулиця Новосодівська", kind: "STREET", aliases: ["Новосадовая"], ...point(48.8695, 37.5911) },
  { nameUk: "вулиця Черкаська", kind: "STREET", aliases: ["Черкасская"], ...point(48.8722, 37.6125) },
  { nameUk: "вулиця Паровозна", kind: "STREET", aliases: ["Паровозная"], ...point(48.836, 37.5862) },
  { nameUk: "вулиця Миру", kind: "STREET", aliases: ["Мира"], ...point(48.8607, 37.6192) },
  { nameUk: "вулиця Захисників України", kind: "STREET", aliases: ["Защитников Украины"], ...point(48.8458, 37.6221) },

  // [2024] decolonisation: the new names and what they replaced.
  { nameUk: "площа Михайла Петренка", kind: "SQUARE", aliases: ["площа Комунарів", "площадь Коммунаров"], ...at("centre") },
  { nameUk: "бульвар Лесі Українки", kind: "BOULEVARD", aliases: ["бульвар Пушкіна", "бульвар Пушкина"], ...at("centre") },
  { nameUk: "вулиця Івана Мазепи", kind: "STREET", aliases: ["вулиця Льва Толстого", "вулиця Л. Толстого", "улица Льва Толстого"], ...at("city") },
  { nameUk: "вулиця Енеїди", kind: "STREET", aliases: ["вулиця Шмідта", "улица Шмидта"], ...at("city") },
  { nameUk: "вулиця Червоної Калини", kind: "STREET", aliases: ["вулиця Менделєєва", "улица Менделеева"], ...at("city") },
  { nameUk: "вулиця Романа Напрягла", kind: "STREET", aliases: [], ...at("city") },
  { nameUk: "вулиця Андрія Ременюка", kind: "STREET", aliases: [], ...at("city") },
  { nameUk: "вулиця Миколи Колосовського", kind: "STREET", aliases: [], ...at("city") },
  { nameUk: "вулиця Генерала Кульчицького", kind: "STREET", aliases: [], ...at("city") },
  { nameUk: "вулиця Геннадія Біліченка", kind: "STREET", aliases: [], ...at("city") },

  // [2016b] decommunisation by the regional order (the former names were not in the source).
  { nameUk: "бульвар Героїв Крут", kind: "BOULEVARD", aliases: ["бульвар Героев Крут"], ...at("city") },
  { nameUk: "вулиця Вернадського", kind: "STREET", aliases: ["Вернадского"], ...at("city") },
  { nameUk: "вулиця Остапа Вишні", kind: "STREET", aliases: ["Остапа Вишни"], ...at("city") },
  { nameUk: "вулиця Ступки", kind: "STREET", aliases: [], ...at("city") },
  { nameUk: "вулиця Орлика", kind: "STREET", aliases: [], ...at("city") },
  { nameUk: "вулиця Данила Галицького", kind: "STREET", aliases: ["Даниила Галицкого", "вул. Д. Галицького"], ...at("city") },
  { nameUk: "вулиця Січових Стрільців", kind: "STREET", aliases: ["Сечевых Стрельцов"], ...at("city") },
  { nameUk: "вулиця Івасюка", kind: "STREET", aliases: ["Ивасюка"], ...at("city") },
  { nameUk: "вулиця Кавалерідзе", kind: "STREET", aliases: ["Кавалеридзе"], ...at("city") },
  { nameUk: "вулиця Хвильового", kind: "STREET", aliases: ["Хвылевого"], ...at("city") },
  { nameUk: "вулиця Грінченка", kind: "STREET", aliases: ["Гринченко"], ...at("city") },

  // [news] addresses in city notices (repairs, water works, shelling reports).
  { nameUk: "вулиця Генерала Батюка", kind: "STREET", aliases: ["вулиця Батюка", "улица Батюка"], ...at("artema") },
  { nameUk: "провулок Батюка", kind: "LANE", aliases: ["переулок Батюка"], ...at("artema") },
  { nameUk: "провулок Парковий", kind: "LANE", aliases: ["переулок Парковый"], ...at("artema") },
  { nameUk: "вулиця Дарвіна", kind: "STREET", aliases: ["Дарвина"], ...at("city") },
  { nameUk: "провулок Виноградний", kind: "LANE", aliases: ["переулок Виноградный"], ...at("city") },
  { nameUk: "вулиця Світлодарська", kind: "STREET", aliases: ["Светлодарская"], ...at("city") },
  { nameUk: "вулиця Новий Побут", kind: "STREET", aliases: ["Новый Быт"], ...at("city") },
  { nameUk: "вулиця Барвінківська", kind: "STREET", aliases: ["Барвенковская"], ...at("city") },
  { nameUk: "вулиця Вільна", kind: "STREET", aliases: ["Вольная"], ...at("city") },
  { nameUk: "вулиця Героїв Труда", kind: "STREET", aliases: ["Героев Труда"], ...at("city") },
  { nameUk: "вулиця Мілютенка", kind: "STREET", aliases: ["Милютенко"], ...at("city") },
  { nameUk: "провулок Високий", kind: "LANE", aliases: ["переулок Высокий"], ...at("city") },
  { nameUk: "вулиця Горова", kind: "STREET", aliases: ["Горовая"], ...at("city") },
  { nameUk: "вулиця Івана Франка", kind: "STREET", aliases: ["вулиця І. Франка", "Ивана Франко"], ...at("city") },
  { nameUk: "вулиця Григорія Данилевського", kind: "STREET", aliases: ["вулиця Г. Данилевського", "Данилевского"], ...at("city") },
  { nameUk: "вулиця Київська", kind: "STREET", aliases: ["Киевская"], ...at("city") },
  { nameUk: "вулиця Ростроповича", kind: "STREET", aliases: ["Ростроповича"], ...at("city") },
  { nameUk: "вулиця Паркова", kind: "STREET", aliases: ["Парковая"], ...at("city") },
  { nameUk: "вулиця Сергіївська", kind: "STREET", aliases: ["Сергеевская"], ...at("city") },
  { nameUk: "провулок Матвеєва", kind: "LANE", aliases: ["переулок Матвеева"], ...at("city") },
  { nameUk: "вулиця Одеська", kind: "STREET", aliases: ["Одесская"], ...at("city") },
  { nameUk: "вулиця Армійська", kind: "STREET", aliases: ["Армейская"], ...at("city") },
  { nameUk: "провулок Андріївський", kind: "LANE", aliases: ["переулок Андреевский"], ...at("city") },
  { nameUk: "вулиця Чернігівська", kind: "STREET", aliases: ["Черниговская"], ...at("city") },
  { nameUk: "вулиця Літературна", kind: "STREET", aliases: ["Литературная"], ...at("city") },
  { nameUk: "вулиця Ясна", kind: "STREET", aliases: ["Ясная"], ...at("city") },
  { nameUk: "провулок Богомольця", kind: "LANE", aliases: ["переулок Богомольца"], ...at("city") },
  { nameUk: "вулиця Олімпійська", kind: "STREET", aliases: ["Олимпийская"], ...at("city") },
  { nameUk: "вулиця Святогорська", kind: "STREET", aliases: ["Святогорская"], ...at("city") },
];
