// Sloviansk's starting organisation: executors, the category tree, districts and routing
// rules (docs/domain.md, "The Sloviansk seed"). It is only a
// starting point: the seed creates what is missing and never overwrites what the city
// has since edited (seed-database.server.ts).
import type { StatutoryTerm, TermUnit, UrgencyClass } from "#app/generated/prisma/enums.ts";

export const CITY = {
  nameUk: "Слов'янськ",
  nameEn: "Sloviansk",
  /** KOATUU codes of the city and of Donetsk oblast. */
  koatuu: "1414100000",
  oblastKoatuu: "1400000000",
  centre: { lat: 48.852, lon: 37.605 },
} as const;

// ───────────────────────────── departments ─────────────────────────────

export type SeedDepartment = { code: string; nameUk: string; nameEn: string };

export const DEPARTMENTS = [
  { code: "contact-centre", nameUk: "Міський контакт-центр (оператори)", nameEn: "City contact centre (operators)" },
  { code: "teplomerezha", nameUk: "КП «Слов'янськтепломережа»", nameEn: "Municipal enterprise Sloviansk Teplomerezha (district heating)" },
  { code: "vodokanal", nameUk: "КП «Словміськводоканал»", nameEn: "Municipal enterprise Slovmiskvodokanal (water and sewerage)" },
  { code: "blagoustriy", nameUk: "КП «Благоустрій»", nameEn: "Municipal enterprise Blahoustrii (lighting, waste, landscaping)" },
  { code: "zhkg", nameUk: "Управління житлово-комунального господарства", nameEn: "Housing and Utilities Department" },
  { code: "housing-mc", nameUk: "Керуючі компанії та ОСББ", nameEn: "Building management companies and condominium associations" },
  { code: "transport", nameUk: "Відділ транспорту та зв'язку", nameEn: "Transport and Communications Department" },
  { code: "animals", nameUk: "Комунальна служба у справах тварин", nameEn: "Municipal Animal Service" },
  { code: "civil-protection", nameUk: "Відділ з питань надзвичайних ситуацій та цивільного захисту", nameEn: "Emergencies and Civil Protection Department" },
  { code: "social", nameUk: "Управління соціального захисту населення", nameEn: "Social Protection Department" },
  { code: "cnap", nameUk: "Центр надання адміністративних послуг (ЦНАП)", nameEn: "Administrative Services Centre (TsNAP)" },
  { code: "executive-committee", nameUk: "Виконавчий комітет Слов'янської міської ради", nameEn: "Executive Committee of Sloviansk City Council" },
] as const satisfies readonly SeedDepartment[];

export type DepartmentCode = (typeof DEPARTMENTS)[number]["code"];

// ───────────────────────────── categories ─────────────────────────────

/** One Open311 GeoReport v2 attribute; `variable: false` is information shown to the citizen, not a question. */
export type ExtraQuestion = {
  code: string;
  variable: boolean;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  order: number;
  descriptionUk: string;
  descriptionEn: string;
  values?: { key: string; nameUk: string; nameEn: string }[];
};

export type SeedCategory = {
  code: string;
  nameUk: string;
  nameEn: string;
  /** Ukrainian words people use, and the common Russian spellings (calls and messages mix both). */
  synonyms: string[];
  departmentCode: DepartmentCode;
  urgency: UrgencyClass;
  slaAmount: number | null;
  slaUnit: TermUnit | null;
  statutoryApplies: boolean;
  statutoryTerm: StatutoryTerm | null;
  open311Code: string | null;
  extraQuestions: ExtraQuestion[];
  isAdminService: boolean;
  isEmergency: boolean;
  allowsAnonymous: boolean;
  requiresLocation: boolean;
  children: SeedCategory[];
};

type LeafOptions = Partial<Omit<SeedCategory, "code" | "nameUk" | "nameEn" | "children" | "departmentCode">> & {
  departmentCode?: DepartmentCode;
};

// Published practice (Lviv): urgent emergency 2 h, emergency 24 h, non-emergency 7 days.
const URGENT_2H = { urgency: "URGENT", slaAmount: 2, slaUnit: "HOURS" } as const;
const EMERGENCY_24H = { urgency: "EMERGENCY", slaAmount: 24, slaUnit: "HOURS" } as const;
const NORMAL_7D = { urgency: "NORMAL", slaAmount: 7, slaUnit: "CALENDAR_DAYS" } as const;
/** Law 393/96 art. 20: an appeal's clock (calendar month, or 15 days when no study is needed); no separate SLA. */
const APPEAL_1M = { urgency: "NORMAL", slaAmount: null, slaUnit: null, statutoryApplies: true, statutoryTerm: "MONTH_1", allowsAnonymous: false } as const;
const APPEAL_15D = { ...APPEAL_1M, statutoryTerm: "DAYS_15" } as const;

function emergencyNotice(uk: string, en: string): ExtraQuestion {
  return { code: "emergency-notice", variable: false, datatype: "text", required: false, order: 0, descriptionUk: uk, descriptionEn: en };
}

const SCOPE_QUESTION: ExtraQuestion = {
  code: "scope",
  variable: true,
  datatype: "singlevaluelist",
  required: true,
  order: 1,
  descriptionUk: "Кого стосується проблема?",
  descriptionEn: "Who is affected?",
  values: [
    { key: "apartment", nameUk: "Лише моя квартира", nameEn: "Only my flat" },
    { key: "entrance", nameUk: "Увесь під'їзд", nameEn: "The whole entrance" },
    { key: "building", nameUk: "Увесь будинок", nameEn: "The whole building" },
    { key: "street", nameUk: "Кілька будинків або вулиця", nameEn: "Several buildings or the street" },
  ],
};

const SINCE_QUESTION: ExtraQuestion = {
  code: "since",
  variable: true,
  datatype: "singlevaluelist",
  required: false,
  order: 2,
  descriptionUk: "Відколи це триває?",
  descriptionEn: "Since when?",
  values: [
    { key: "today", nameUk: "З сьогодні", nameEn: "Since today" },
    { key: "days", nameUk: "1–3 дні", nameEn: "1–3 days" },
    { key: "longer", nameUk: "Довше", nameEn: "Longer" },
  ],
};

function category(
  code: string,
  nameUk: string,
  nameEn: string,
  departmentCode: DepartmentCode,
  options: LeafOptions = {},
  children: SeedCategory[] = [],
): SeedCategory {
  return {
    code,
    nameUk,
    nameEn,
    synonyms: [],
    departmentCode,
    ...NORMAL_7D,
    statutoryApplies: false,
    statutoryTerm: null,
    open311Code: null,
    extraQuestions: [],
    isAdminService: false,
    isEmergency: false,
    allowsAnonymous: true,
    requiresLocation: false,
    ...options,
    children,
  };
}

/** A group node: routes to its executor, has no term and no Open311 code of its own. */
function group(code: string, nameUk: string, nameEn: string, departmentCode: DepartmentCode, children: SeedCategory[], options: LeafOptions = {}) {
  return category(code, nameUk, nameEn, departmentCode, { slaAmount: null, slaUnit: null, ...options }, children);
}

export const CATEGORY_TREE: SeedCategory[] = [
  group("heating", "Теплопостачання", "Heating", "teplomerezha", [
    category("heating.no-heating", "Немає опалення", "No heating", "teplomerezha", {
      ...EMERGENCY_24H,
      open311Code: "HEAT01",
      synonyms: ["немає опалення", "холодні батареї", "батареї не гріють", "не гріє радіатор", "нет отопления", "холодные батареи", "батареи не греют"],
      extraQuestions: [SCOPE_QUESTION, SINCE_QUESTION],
    }),
    category("heating.leak", "Порив або протікання тепломережі", "Heating pipe burst or leak", "teplomerezha", {
      ...URGENT_2H,
      open311Code: "HEAT02",
      requiresLocation: true,
      synonyms: [
        "порив теплотраси",
        "тече батарея",
        "протікає труба опалення",
        "пара з люка",
        "гаряча вода на дорозі",
        "прорыв теплотрассы",
        "течет батарея",
        "пар из люка",
      ],
    }),
    category("heating.low-temperature", "Низька температура в приміщенні", "Low indoor temperature", "teplomerezha", {
      ...EMERGENCY_24H,
      open311Code: "HEAT03",
      synonyms: ["холодно в квартирі", "ледь теплі батареї", "погано гріє", "низька температура", "холодно в квартире", "еле теплые батареи"],
      extraQuestions: [
        {
          code: "temperature",
          variable: true,
          datatype: "number",
          required: false,
          order: 1,
          descriptionUk: "Температура в кімнаті, °C (якщо знаєте)",
          descriptionEn: "Room temperature, °C (if known)",
        },
      ],
    }),
  ]),

  group("water", "Водопостачання та водовідведення", "Water and sewerage", "vodokanal", [
    category("water.no-water", "Немає холодної води", "No cold water", "vodokanal", {
      ...EMERGENCY_24H,
      open311Code: "WATR01",
      synonyms: [
        "немає води",
        "нема води",
        "не йде вода",
        "не тече вода з крана",
        "відключили воду",
        "сухі крани",
        "нет воды",
        "нету воды",
        "отключили воду",
        "вода не идет",
      ],
      extraQuestions: [SCOPE_QUESTION, SINCE_QUESTION],
    }),
    category("water.burst-main", "Порив водогону", "Burst water main", "vodokanal", {
      ...URGENT_2H,
      open311Code: "WATR02",
      requiresLocation: true,
      synonyms: [
        "порив труби",
        "прорвало трубу",
        "лопнула труба",
        "тече вода з-під асфальту",
        "фонтан води",
        "прорив водопроводу",
        "прорыв трубы",
        "прорвало трубу водопровода",
        "течет вода из-под асфальта",
      ],
    }),
    category("water.sewer-blockage", "Засмічення каналізації", "Sewer blockage", "vodokanal", {
      ...EMERGENCY_24H,
      open311Code: "WATR03",
      synonyms: ["засмічення каналізації", "каналізація переповнена", "стоки у підвалі", "засор канализации", "забилась канализация"],
    }),
    category("water.open-manhole", "Відкритий або пошкоджений люк", "Open or damaged manhole", "vodokanal", {
      ...URGENT_2H,
      open311Code: "WATR04",
      requiresLocation: true,
      synonyms: ["відкритий люк", "немає кришки люка", "провалився люк", "открытый люк", "нет крышки люка"],
      extraQuestions: [
        emergencyNotice(
          "Якщо хтось упав у колодязь або травмований — негайно телефонуйте 101 (рятувальники) та 103 (швидка допомога).",
          "If someone has fallen into the manhole or is injured, call 101 (rescue) and 103 (ambulance) now.",
        ),
      ],
      isEmergency: true,
    }),
    category("water.quality", "Якість питної води", "Drinking water quality", "vodokanal", {
      ...EMERGENCY_24H,
      open311Code: "WATR05",
      synonyms: ["брудна вода", "іржава вода", "вода з запахом", "каламутна вода", "грязная вода", "ржавая вода", "вода пахнет"],
    }),
    category("water.low-pressure", "Слабкий тиск води", "Low water pressure", "vodokanal", {
      ...NORMAL_7D,
      open311Code: "WATR06",
      synonyms: ["слабкий тиск", "вода ледь тече", "не доходить вода на поверх", "слабый напор", "слабое давление воды"],
    }),
  ]),

  group("lighting", "Освітлення", "Lighting", "blagoustriy", [
    category("lighting.street", "Не працює вуличне освітлення", "Street lights out", "blagoustriy", {
      ...EMERGENCY_24H,
      open311Code: "LGHT01",
      requiresLocation: true,
      synonyms: [
        "не світить ліхтар",
        "не горить ліхтар",
        "не горять ліхтарі",
        "вуличне освітлення",
        "ліхтарі",
        "темно на вулиці",
        "не горить освітлення",
        "не горит фонарь",
        "не горят фонари",
        "темно на улице",
      ],
    }),
    category("lighting.yard", "Освітлення у дворі", "Yard lighting", "blagoustriy", {
      ...NORMAL_7D,
      open311Code: "LGHT02",
      requiresLocation: true,
      synonyms: ["темно у дворі", "не світить у дворі", "темно во дворе"],
    }),
    category("lighting.entrance", "Освітлення біля під'їзду та в під'їзді", "Entrance and stairwell lighting", "blagoustriy", {
      ...NORMAL_7D,
      open311Code: "LGHT03",
      synonyms: ["темно в під'їзді", "не горить лампа в під'їзді", "темно в подъезде", "не горит лампочка в подъезде"],
    }),
    category("lighting.damaged-pole", "Пошкоджена опора або обірваний дріт", "Damaged pole or fallen wire", "blagoustriy", {
      ...URGENT_2H,
      open311Code: "LGHT04",
      requiresLocation: true,
      isEmergency: true,
      synonyms: ["обірваний дріт", "впала опора", "висить провід", "іскрить", "оборван провод", "упал столб"],
      extraQuestions: [
        emergencyNotice(
          "Не наближайтеся до дроту ближче ніж на 8 метрів. Якщо є загроза життю — телефонуйте 101.",
          "Keep at least 8 metres from the wire. If anyone's life is in danger, call 101.",
        ),
      ],
    }),
  ]),

  group("housing", "Житловий фонд", "Housing", "housing-mc", [
    category("housing.lift-stuck", "Люди застрягли в ліфті", "People stuck in a lift", "housing-mc", {
      ...URGENT_2H,
      open311Code: "HOUS01",
      isEmergency: true,
      synonyms: ["застряг у ліфті", "застрягли в ліфті", "ліфт зупинився з людьми", "застрял в лифте"],
      extraQuestions: [
        emergencyNotice(
          "Не відчиняйте двері ліфта й не вибирайтеся самостійно. Натисніть у кабіні кнопку виклику диспетчера. Якщо людині погано, в ліфті дитина або дим — телефонуйте 101 або 103.",
          "Do not force the lift doors or climb out. Press the call button in the car to reach the dispatcher. If someone feels unwell, a child is inside or there is smoke, call 101 or 103.",
        ),
        { code: "entrance", variable: true, datatype: "string", required: true, order: 1, descriptionUk: "Номер під'їзду", descriptionEn: "Entrance number" },
        {
          code: "vulnerable",
          variable: true,
          datatype: "singlevaluelist",
          required: false,
          order: 2,
          descriptionUk: "Чи є в ліфті дитина, людина похилого віку або з інвалідністю?",
          descriptionEn: "Is there a child, an elderly or disabled person in the lift?",
          values: [
            { key: "yes", nameUk: "Так", nameEn: "Yes" },
            { key: "no", nameUk: "Ні", nameEn: "No" },
          ],
        },
      ],
    }),
    category("housing.lift-broken", "Не працює ліфт", "Lift out of order", "housing-mc", {
      ...NORMAL_7D,
      open311Code: "HOUS02",
      synonyms: ["не працює ліфт", "зламався ліфт", "не работает лифт", "сломался лифт"],
    }),
    category("housing.roof-leak", "Протікає покрівля", "Leaking roof", "housing-mc", {
      ...NORMAL_7D,
      open311Code: "HOUS03",
      synonyms: ["протікає дах", "тече стеля", "заливає з даху", "течет крыша", "протекает потолок"],
    }),
    category("housing.entrance", "Ремонт під'їзду: двері, вікна, сходи", "Entrance repairs: doors, windows, stairs", "housing-mc", {
      ...NORMAL_7D,
      open311Code: "HOUS04",
      synonyms: ["зламані двері під'їзду", "розбите вікно в під'їзді", "ремонт під'їзду", "сломана дверь подъезда", "ремонт подъезда"],
    }),
    category("housing.basement", "Підвал: підтоплення, сміття, комахи", "Basement: flooding, rubbish, pests", "housing-mc", {
      ...NORMAL_7D,
      open311Code: "HOUS05",
      synonyms: ["затоплений підвал", "вода в підвалі", "комарі з підвалу", "затоплен подвал", "вода в подвале"],
    }),
    category("housing.yard-cleaning", "Прибирання прибудинкової території", "Cleaning of the building's yard", "housing-mc", {
      ...NORMAL_7D,
      open311Code: "HOUS06",
      requiresLocation: true,
      synonyms: ["не прибирають двір", "брудно у дворі", "листя у дворі", "не убирают двор", "грязно во дворе"],
    }),
  ]),

  group("roads", "Дороги та дорожній рух", "Roads and traffic", "zhkg", [
    category("roads.pothole", "Яма на дорозі", "Pothole", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ROAD01",
      requiresLocation: true,
      synonyms: ["яма на дорозі", "ями на дорогах", "ямка", "вибоїна", "розбитий асфальт", "яма на дороге", "ямы на дорогах", "выбоина", "разбитый асфальт"],
      extraQuestions: [
        {
          code: "size",
          variable: true,
          datatype: "singlevaluelist",
          required: false,
          order: 1,
          descriptionUk: "Розмір ями",
          descriptionEn: "Pothole size",
          values: [
            { key: "small", nameUk: "Менше за долоню", nameEn: "Smaller than a hand" },
            { key: "medium", nameUk: "Як колесо", nameEn: "About a wheel" },
            { key: "large", nameUk: "Більше за колесо", nameEn: "Larger than a wheel" },
          ],
        },
      ],
    }),
    category("roads.dangerous-damage", "Небезпечне пошкодження дороги, провал", "Dangerous road damage or sinkhole", "zhkg", {
      ...EMERGENCY_24H,
      open311Code: "ROAD02",
      requiresLocation: true,
      synonyms: ["провал дороги", "провалився асфальт", "небезпечна яма", "провал асфальта", "опасная яма"],
    }),
    category("roads.snow-ice", "Сніг та ожеледиця", "Snow and ice", "zhkg", {
      ...EMERGENCY_24H,
      open311Code: "ROAD03",
      requiresLocation: true,
      synonyms: ["не розчищено сніг", "ожеледь", "слизько", "не посипано", "не убран снег", "гололед", "скользко"],
    }),
    category("roads.traffic-light", "Не працює світлофор", "Traffic light out of order", "zhkg", {
      ...EMERGENCY_24H,
      open311Code: "ROAD04",
      requiresLocation: true,
      synonyms: ["не працює світлофор", "світлофор блимає", "не работает светофор", "светофор мигает"],
    }),
    category("roads.sign", "Дорожній знак або розмітка", "Road sign or markings", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ROAD05",
      requiresLocation: true,
      synonyms: ["впав знак", "немає розмітки", "зник знак", "упал знак", "нет разметки"],
    }),
  ]),

  group("waste", "Сміття та благоустрій", "Waste and landscaping", "blagoustriy", [
    category("waste.missed-collection", "Не вивезено сміття", "Missed waste collection", "blagoustriy", {
      urgency: "NORMAL",
      slaAmount: 3,
      slaUnit: "CALENDAR_DAYS",
      open311Code: "WAST01",
      requiresLocation: true,
      synonyms: [
        "не вивезли сміття",
        "переповнені баки",
        "сміття біля контейнерів",
        "смітник",
        "переповнений смітник",
        "сміттєвий бак",
        "контейнер для сміття",
        "не вывезли мусор",
        "переполнены баки",
        "мусорка",
        "мусорный бак",
        "мусор",
      ],
    }),
    category("waste.illegal-dump", "Стихійне сміттєзвалище", "Illegal dumping", "blagoustriy", {
      ...NORMAL_7D,
      open311Code: "WAST02",
      requiresLocation: true,
      synonyms: ["стихійне звалище", "викинули сміття", "будівельне сміття", "свалка", "стихийная свалка"],
    }),
    category("waste.fallen-tree", "Повалене дерево на дорозі чи тротуарі", "Fallen tree on a road or pavement", "blagoustriy", {
      ...URGENT_2H,
      open311Code: "WAST03",
      requiresLocation: true,
      synonyms: ["впало дерево", "гілля на дорозі", "дерево на проводах", "упало дерево", "ветки на дороге"],
    }),
    category("waste.tree-pruning", "Аварійне або сухе дерево, обрізка", "Dangerous or dead tree, pruning", "blagoustriy", {
      ...NORMAL_7D,
      open311Code: "WAST04",
      requiresLocation: true,
      synonyms: ["сухе дерево", "аварійне дерево", "обрізати гілки", "сухое дерево", "обрезать ветки"],
    }),
    category("waste.playground", "Дитячий або спортивний майданчик", "Playground or sports ground", "blagoustriy", {
      ...NORMAL_7D,
      open311Code: "WAST05",
      requiresLocation: true,
      synonyms: ["зламана гойдалка", "дитячий майданчик", "небезпечний майданчик", "сломаны качели", "детская площадка"],
    }),
  ]),

  group("transport", "Громадський транспорт", "Public transport", "transport", [
    category("transport.schedule", "Порушення графіка руху", "Timetable not kept", "transport", {
      ...NORMAL_7D,
      open311Code: "TRAN01",
      synonyms: ["не прийшов автобус", "маршрутка не ходить", "довго чекати автобус", "не пришел автобус", "маршрутка не ходит"],
      extraQuestions: [
        { code: "route", variable: true, datatype: "string", required: true, order: 1, descriptionUk: "Номер маршруту", descriptionEn: "Route number" },
      ],
    }),
    category("transport.service-quality", "Поведінка водія, стан транспорту", "Driver's conduct, condition of the vehicle", "transport", {
      ...NORMAL_7D,
      open311Code: "TRAN02",
      synonyms: ["грубий водій", "не зупинився водій", "не взяв пільговика", "брудний автобус", "грубый водитель", "не взял льготника"],
    }),
  ]),

  group("animals", "Безпритульні тварини", "Stray animals", "animals", [
    category("animals.aggressive", "Агресивні безпритульні собаки", "Aggressive stray dogs", "animals", {
      ...EMERGENCY_24H,
      open311Code: "ANML01",
      requiresLocation: true,
      synonyms: ["зграя собак", "агресивні собаки", "собаки кидаються", "стая собак", "агрессивные собаки"],
      extraQuestions: [
        { code: "count", variable: true, datatype: "number", required: false, order: 1, descriptionUk: "Скільки тварин?", descriptionEn: "How many animals?" },
      ],
    }),
    category("animals.injured", "Травмована тварина", "Injured animal", "animals", {
      ...EMERGENCY_24H,
      open311Code: "ANML02",
      requiresLocation: true,
      synonyms: ["збили собаку", "поранений кіт", "травмована тварина", "сбили собаку", "раненая кошка"],
    }),
    category("animals.dead", "Загибла тварина на вулиці", "Dead animal on the street", "animals", {
      ...EMERGENCY_24H,
      open311Code: "ANML03",
      requiresLocation: true,
      synonyms: ["мертва собака", "труп тварини", "мертвая собака", "труп животного"],
    }),
  ]),

  group("civil-protection", "Цивільний захист і укриття", "Civil protection and shelters", "civil-protection", [
    category("civil-protection.shelter-closed", "Укриття зачинене або непридатне", "Shelter closed or unusable", "civil-protection", {
      ...URGENT_2H,
      open311Code: "CIVP01",
      requiresLocation: true,
      synonyms: ["укриття зачинене", "закрите бомбосховище", "немає доступу до укриття", "укрытие закрыто", "бомбоубежище закрыто"],
    }),
    category("civil-protection.shelling-damage", "Пошкодження внаслідок обстрілу", "Damage from shelling", "civil-protection", {
      ...URGENT_2H,
      open311Code: "CIVP02",
      requiresLocation: true,
      isEmergency: true,
      synonyms: ["обстріл", "прильот", "зруйновано будинок", "пошкоджено дах", "обстрел", "прилет", "разрушен дом"],
      extraQuestions: [
        emergencyNotice(
          "Якщо є постраждалі або люди під завалами — негайно телефонуйте 101 (ДСНС) та 103 (швидка допомога); у разі загрози — 102 (поліція).",
          "If anyone is hurt or trapped under rubble, call 101 (rescue) and 103 (ambulance) now; for a threat, call 102 (police).",
        ),
      ],
    }),
    category("civil-protection.broken-windows", "Вибиті вікна, потрібне тимчасове закриття", "Broken windows needing temporary cover", "civil-protection", {
      ...EMERGENCY_24H,
      open311Code: "CIVP03",
      synonyms: ["вибило вікна", "потрібна плівка", "ОСБ на вікна", "закрити вікна", "выбило окна", "нужна пленка"],
    }),
  ]),

  group("social", "Соціальний захист", "Social protection", "social", [
    category("social.material-aid", "Матеріальна допомога", "Financial assistance", "social", {
      ...APPEAL_1M,
      open311Code: "SOCL01",
      synonyms: ["матеріальна допомога", "грошова допомога", "материальная помощь", "денежная помощь"],
    }),
    category("social.humanitarian-aid", "Гуманітарна допомога", "Humanitarian aid", "social", {
      ...APPEAL_1M,
      open311Code: "SOCL02",
      synonyms: ["гуманітарка", "продуктовий набір", "гуманітарна допомога", "гуманитарка", "продуктовый набор"],
    }),
    category("social.idp", "Підтримка внутрішньо переміщених осіб", "Support for internally displaced persons", "social", {
      ...APPEAL_1M,
      open311Code: "SOCL03",
      synonyms: ["ВПО", "переселенці", "довідка ВПО", "виплати переселенцям", "ВПЛ", "переселенцы", "выплаты переселенцам"],
    }),
    category("social.benefits", "Пільги та субсидії", "Benefits and housing subsidies", "social", {
      ...APPEAL_1M,
      open311Code: "SOCL04",
      synonyms: ["субсидія", "пільги", "перерахунок субсидії", "субсидия", "льготы"],
    }),
  ]),

  group("admin-services", "Адміністративні послуги", "Administrative services", "cnap", [
    category("admin-services.residence-registration", "Реєстрація місця проживання", "Registration of residence", "cnap", {
      urgency: "NORMAL",
      // The provider's own term applies once handed off (iGov / Diia); this is ours until then.
      slaAmount: 10,
      slaUnit: "WORKING_DAYS",
      isAdminService: true,
      allowsAnonymous: false,
      open311Code: "ADMN01",
      synonyms: ["прописка", "реєстрація місця проживання", "зняти з реєстрації", "регистрация места жительства"],
    }),
    category("admin-services.certificates", "Довідки та витяги", "Certificates and extracts", "cnap", {
      urgency: "NORMAL",
      slaAmount: 10,
      slaUnit: "WORKING_DAYS",
      isAdminService: true,
      allowsAnonymous: false,
      open311Code: "ADMN02",
      synonyms: ["довідка", "витяг", "довідка про склад сім'ї", "справка", "выписка"],
    }),
    category("admin-services.consultation", "Консультація щодо адміністративної послуги", "Advice on an administrative service", "cnap", {
      urgency: "NORMAL",
      slaAmount: 5,
      slaUnit: "WORKING_DAYS",
      isAdminService: true,
      allowsAnonymous: false,
      open311Code: "ADMN03",
      synonyms: ["як отримати послугу", "які документи потрібні", "ЦНАП", "какие документы нужны"],
    }),
  ]),

  group("appeals", "Звернення до міської влади", "Appeals to the city authorities", "executive-committee", [
    category("appeals.proposal", "Пропозиція щодо роботи міста", "Proposal about the city's work", "executive-committee", {
      ...APPEAL_1M,
      open311Code: "APPL01",
      synonyms: ["пропозиція", "пропоную", "зауваження", "предложение", "предлагаю"],
    }),
    category(
      "appeals.staff-complaint",
      "Скарга на дії або бездіяльність посадових осіб",
      "Complaint about officials' actions or inaction",
      "executive-committee",
      {
        ...APPEAL_1M,
        open311Code: "APPL02",
        synonyms: ["скарга", "скаржуся", "бездіяльність", "жалоба", "жалуюсь", "бездействие"],
      },
    ),
    category("appeals.explanation", "Роз'яснення (без додаткового вивчення)", "Explanation (no further study needed)", "executive-committee", {
      ...APPEAL_15D,
      open311Code: "APPL03",
      synonyms: ["роз'яснення", "поясніть", "чому", "разъяснение", "объясните"],
    }),
    category("appeals.information-request", "Запит на публічну інформацію", "Request for public information", "executive-committee", {
      urgency: "NORMAL",
      // Law 2939-VI: 5 working days (the extension to 20 is decided per request).
      slaAmount: 5,
      slaUnit: "WORKING_DAYS",
      allowsAnonymous: false,
      open311Code: "APPL04",
      synonyms: ["запит на інформацію", "публічна інформація", "надайте копію", "запрос информации", "публичная информация"],
    }),
  ]),

  // Barriers for people with disabilities, older people and parents with prams: the city's
  // accessibility map is these requests with their status (reported, being fixed, fixed).
  group("accessibility", "Безбар'єрність: перешкоди для людей з інвалідністю", "Accessibility barriers", "zhkg", [
    category("accessibility.no-ramp", "Немає пандуса", "No ramp", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ACCS01",
      requiresLocation: true,
      synonyms: ["немає пандуса", "нема пандуса", "пандус відсутній", "не заїхати на візку", "сходи без пандуса", "нет пандуса", "не заехать на коляске"],
    }),
    category("accessibility.broken-lift", "Не працює ліфт або підйомник у громадській будівлі", "Broken lift or platform lift at a public building", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ACCS02",
      requiresLocation: true,
      synonyms: ["не працює підйомник", "зламаний підйомник", "ліфт у поліклініці", "ліфт у лікарні не працює", "не работает подъемник", "сломан подъемник"],
    }),
    category("accessibility.kerb", "Високий бордюр без пониження", "Kerb without a lowered edge", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ACCS03",
      requiresLocation: true,
      synonyms: ["високий бордюр", "бордюр не понижений", "не з'їхати з тротуару", "пониження бордюру", "высокий бордюр", "бордюр не занижен"],
    }),
    category("accessibility.entrance", "Недоступний вхід до будівлі", "Inaccessible entrance to a building", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ACCS04",
      requiresLocation: true,
      synonyms: ["вузькі двері", "вхід недоступний", "високий поріг", "важкі двері", "не потрапити в будівлю", "недоступный вход", "высокий порог"],
    }),
    category("accessibility.tactile", "Немає тактильної плитки або вона пошкоджена", "Missing or damaged tactile paving", "zhkg", {
      ...NORMAL_7D,
      open311Code: "ACCS05",
      requiresLocation: true,
      synonyms: ["тактильна плитка", "немає тактильної плитки", "для незрячих", "для слабозорих", "тактильная плитка", "для незрячих людей"],
    }),
  ]),

  group("emergency", "Загроза життю: спершу телефонуйте 101–104", "Life-threatening: call 101–104 first", "civil-protection", [
    category("emergency.gas-smell", "Запах газу", "Smell of gas", "civil-protection", {
      ...URGENT_2H,
      open311Code: "EMRG01",
      isEmergency: true,
      synonyms: ["запах газу", "пахне газом", "смердить газом", "витік газу", "запах газа", "пахнет газом", "воняет газом", "утечка газа"],
      extraQuestions: [
        emergencyNotice(
          "Негайно телефонуйте 104 (аварійна газова служба). Не вмикайте світло й електроприлади, відчиніть вікна, вийдіть із приміщення.",
          "Call 104 (gas emergency) now. Do not switch lights or appliances on or off, open the windows and leave the building.",
        ),
      ],
    }),
    category("emergency.fire-or-danger", "Пожежа або інша загроза життю", "Fire or other danger to life", "civil-protection", {
      ...URGENT_2H,
      open311Code: "EMRG02",
      isEmergency: true,
      synonyms: ["пожежа", "горить", "дим", "загроза життю", "пожар", "горит", "угроза жизни"],
      extraQuestions: [
        emergencyNotice(
          "Негайно телефонуйте 101 (пожежна і рятувальна служба), 102 (поліція) або 103 (швидка допомога); єдиний номер — 112.",
          "Call 101 (fire and rescue), 102 (police) or 103 (ambulance) now; the single number is 112.",
        ),
      ],
    }),
  ]),
];

/** Every node of the tree, parents before children, with its parent's code. */
export function flattenCategories(tree: SeedCategory[] = CATEGORY_TREE): (SeedCategory & { parentCode: string | null; sortOrder: number })[] {
  const out: (SeedCategory & { parentCode: string | null; sortOrder: number })[] = [];
  const walk = (nodes: SeedCategory[], parentCode: string | null) => {
    nodes.forEach((node, index) => {
      out.push({ ...node, parentCode, sortOrder: (index + 1) * 10 });
      walk(node.children, node.code);
    });
  };
  walk(tree, null);
  return out;
}

// ───────────────────────────── districts ─────────────────────────────

export type SeedDistrict = {
  code: string;
  nameUk: string;
  nameEn: string;
  /** GeoJSON Polygon, WGS84 [lon, lat], ring closed. */
  geometry: { type: "Polygon"; coordinates: [number, number][][] };
  /** A few street names for demo addresses. */
  streets: string[];
};

function rectangle(minLon: number, minLat: number, maxLon: number, maxLat: number): SeedDistrict["geometry"] {
  return {
    type: "Polygon",
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}

// Approximate service areas around the centre (48.852 N, 37.605 E), not legal boundaries;
// they share edges and do not overlap. The city replaces them with real ones.
export const DISTRICTS: SeedDistrict[] = [
  {
    code: "centre",
    nameUk: "Центр",
    nameEn: "Centre",
    geometry: rectangle(37.585, 48.84, 37.63, 48.865),
    streets: ["вул. Університетська", "вул. Василівська", "Соборна площа", "вул. Шевченка", "вул. Банківська"],
  },
  {
    code: "cherevkivka",
    nameUk: "Черевківка",
    nameEn: "Cherevkivka",
    geometry: rectangle(37.585, 48.865, 37.68, 48.91),
    streets: ["вул. Черевківська", "вул. Паркова", "вул. Садова", "пров. Лісний"],
  },
  {
    code: "kurort",
    nameUk: "Лиман / Слов'янський курорт",
    nameEn: "Lyman / Sloviansk Resort",
    geometry: rectangle(37.54, 48.855, 37.585, 48.91),
    streets: ["вул. Курортна", "вул. Озерна", "вул. Солоні озера", "вул. Ріпна"],
  },
  {
    code: "artemivskyi",
    nameUk: "Артемівський",
    nameEn: "Artemivskyi",
    geometry: rectangle(37.54, 48.81, 37.585, 48.855),
    streets: ["вул. Торська", "вул. Залізнична", "вул. Вокзальна", "вул. Степова"],
  },
  {
    code: "semenivka",
    nameUk: "Семенівка",
    nameEn: "Semenivka",
    // L-shaped: south of the centre and east of it.
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [37.585, 48.81],
          [37.68, 48.81],
          [37.68, 48.865],
          [37.63, 48.865],
          [37.63, 48.84],
          [37.585, 48.84],
          [37.585, 48.81],
        ],
      ],
    },
    streets: ["вул. Семенівська", "вул. Карачунська", "вул. Маяцька", "вул. Шкільна"],
  },
];

// ───────────────────────────── routing rules ─────────────────────────────

export type SeedRoutingRule = {
  position: number;
  categoryCode: string | null;
  districtCode: string | null;
  departmentCode: DepartmentCode;
  coDepartmentCodes: string[];
  note: string | null;
};

/**
 * First match wins, so the specific comes first: district-specific housing rules
 * (management companies work by area), then one rule per leaf category, then one per
 * group (catches categories the city adds later under a group). No catch-all: an
 * unmatched request goes to the operators' triage queue.
 */
export function buildRoutingRules(): SeedRoutingRule[] {
  const rules: SeedRoutingRule[] = [];
  DISTRICTS.forEach((d, i) =>
    rules.push({
      position: 100 + i * 10,
      categoryCode: "housing",
      districtCode: d.code,
      departmentCode: "housing-mc",
      coDepartmentCodes: [],
      // One department for all companies today; the city points a district's rule at its
      // own company when it adds one as a department.
      note: `Керуюча компанія району «${d.nameUk}»`,
    }),
  );
  const nodes = flattenCategories();
  nodes
    .filter((n) => n.children.length === 0)
    .forEach((n, i) =>
      rules.push({
        position: 1000 + i * 10,
        categoryCode: n.code,
        districtCode: null,
        departmentCode: n.departmentCode,
        // Damage from shelling needs housing repairs too.
        coDepartmentCodes: n.code === "civil-protection.shelling-damage" ? ["zhkg"] : [],
        note: null,
      }),
    );
  nodes
    .filter((n) => n.children.length > 0)
    .forEach((n, i) =>
      rules.push({ position: 5000 + i * 10, categoryCode: n.code, districtCode: null, departmentCode: n.departmentCode, coDepartmentCodes: [], note: null }),
    );
  return rules;
}
