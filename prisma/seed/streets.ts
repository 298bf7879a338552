// A starting street list for address search on the citizen portal. Coordinates are
// approximate points on each street (enough to centre the map; the citizen's pin is the
// source of truth). Aliases hold former (renamed in 2016) or Russian names people still
// use. The city edits this table; the seed only adds streets that are missing.
export type SeedStreet = { nameUk: string; aliases: string[]; lat: number; lon: number };

export const STREETS: readonly SeedStreet[] = [
  { nameUk: "площа Соборна", aliases: ["Соборная площадь", "площа Леніна"], lat: 48.8527, lon: 37.6049 },
  { nameUk: "вулиця Університетська", aliases: ["Университетская", "вулиця Леніна"], lat: 48.8555, lon: 37.6055 },
  { nameUk: "вулиця Шевченка", aliases: ["Шевченко"], lat: 48.8579, lon: 37.6018 },
  { nameUk: "вулиця Василівська", aliases: ["Васильевская", "вулиця Карла Маркса"], lat: 48.8505, lon: 37.6093 },
  { nameUk: "вулиця Центральна", aliases: ["Центральная"], lat: 48.8546, lon: 37.6118 },
  { nameUk: "вулиця Свободи", aliases: ["Свободы"], lat: 48.8492, lon: 37.6021 },
  { nameUk: "вулиця Банківська", aliases: ["Банковская"], lat: 48.8533, lon: 37.5991 },
  { nameUk: "вулиця Ярослава Мудрого", aliases: ["Ярослава Мудрого", "вулиця Комсомольська"], lat: 48.8611, lon: 37.6098 },
  { nameUk: "вулиця Торська", aliases: ["Торская"], lat: 48.8653, lon: 37.6172 },
  { nameUk: "вулиця Добровольського", aliases: ["Добровольского"], lat: 48.8474, lon: 37.6142 },
  { nameUk: "вулиця Лозановича", aliases: ["Лозановича"], lat: 48.8519, lon: 37.6163 },
  { nameUk: "вулиця Вчительська", aliases: ["Учительская"], lat: 48.8563, lon: 37.5952 },
  { nameUk: "вулиця Героїв Небесної Сотні", aliases: ["Героев Небесной Сотни"], lat: 48.8441, lon: 37.6071 },
  { nameUk: "вулиця Святотроїцька", aliases: ["Святотроицкая"], lat: 48.8498, lon: 37.5946 },
  { nameUk: "вулиця Гоголя", aliases: ["Гоголя"], lat: 48.8537, lon: 37.6138 },
  { nameUk: "вулиця Поштова", aliases: ["Почтовая"], lat: 48.8521, lon: 37.6071 },
  { nameUk: "вулиця Курортна", aliases: ["Курортная"], lat: 48.8781, lon: 37.6288 },
  { nameUk: "вулиця Солоного озера", aliases: ["Соляные озера", "Ріпне"], lat: 48.8787, lon: 37.6351 },
  { nameUk: "вулиця Бульварна", aliases: ["Бульварная"], lat: 48.8469, lon: 37.5987 },
  { nameUk: "вулиця Матросова", aliases: ["Матросова"], lat: 48.8412, lon: 37.5935 },
  { nameUk: "вулиця Чубаря", aliases: ["Чубаря"], lat: 48.8433, lon: 37.6154 },
  { nameUk: "вулиця Залізнична", aliases: ["Железнодорожная"], lat: 48.8405, lon: 37.5792 },
  { nameUk: "вулиця Вокзальна", aliases: ["Вокзальная"], lat: 48.8382, lon: 37.5752 },
  { nameUk: "вулиця Артема", aliases: ["Артема"], lat: 48.8577, lon: 37.6233 },
  { nameUk: "вулиця Олекси Тихого", aliases: ["Олексы Тихого", "вулиця Кірова"], lat: 48.8626, lon: 37.6027 },
  { nameUk: "вулиця Новосодівська", aliases: ["Новосадовая"], lat: 48.8695, lon: 37.5911 },
  { nameUk: "вулиця Черкаська", aliases: ["Черкасская"], lat: 48.8722, lon: 37.6125 },
  { nameUk: "вулиця Паровозна", aliases: ["Паровозная"], lat: 48.836, lon: 37.5862 },
  { nameUk: "вулиця Миру", aliases: ["Мира"], lat: 48.8607, lon: 37.6192 },
  { nameUk: "вулиця Захисників України", aliases: ["Защитников Украины"], lat: 48.8458, lon: 37.6221 },
];
