// DEMO ONLY. Staff accounts for trying the console locally; the passwords are public
// (printed by `npm start` and `npm run db:seed`). Never seed these into a real
// installation: `npm run db:seed` skips them when NODE_ENV=production. Kept in the core
// because a production start refuses while any of them is open (production-safety.server.ts).
import type { StaffRole } from "#app/generated/prisma/enums.ts";

export type DemoStaff = { email: string; password: string; name: string; role: StaffRole; departmentCode?: string };

export const DEMO_STAFF: DemoStaff[] = [
  { email: "operator@slv.demo", password: "demo-operator-2026", name: "Олена Коваленко", role: "OPERATOR", departmentCode: "contact-centre" },
  { email: "supervisor@slv.demo", password: "demo-supervisor-2026", name: "Андрій Мельник", role: "SUPERVISOR", departmentCode: "contact-centre" },
  { email: "admin@slv.demo", password: "demo-admin-2026", name: "Ірина Бондаренко", role: "ADMIN" },
  { email: "vodokanal.officer@slv.demo", password: "demo-vodokanal-2026", name: "Сергій Ткаченко", role: "DEPARTMENT_OFFICER", departmentCode: "vodokanal" },
  { email: "vodokanal.head@slv.demo", password: "demo-vodokanal-head-2026", name: "Наталія Шевчук", role: "DEPARTMENT_HEAD", departmentCode: "vodokanal" },
  { email: "teplo.officer@slv.demo", password: "demo-teplo-2026", name: "Віктор Кравченко", role: "DEPARTMENT_OFFICER", departmentCode: "teplomerezha" },
  { email: "teplo.head@slv.demo", password: "demo-teplo-head-2026", name: "Тетяна Литвиненко", role: "DEPARTMENT_HEAD", departmentCode: "teplomerezha" },
  {
    email: "blagoustriy.officer@slv.demo",
    password: "demo-blagoustriy-2026",
    name: "Микола Олійник",
    role: "DEPARTMENT_OFFICER",
    departmentCode: "blagoustriy",
  },
];
