import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, TextareaRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { GeometryPreview } from "#app/components/admin/geometry-preview.tsx";
import { listDistricts } from "#app/domain/places/list-districts.server.ts";
import { saveDistrict } from "#app/domain/places/save-district.server.ts";
import type { GeoJsonGeometry } from "#app/domain/routing/geo.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { requireAdmin, runAdminAction } from "./admin-route.server.ts";

const MAX_GEOJSON_BYTES = 2_000_000;

const DistrictFormSchema = z.object({
  code: z.string(),
  nameUk: z.string(),
  nameEn: z.string(),
  // Pasted text, or a file (which wins).
  geoJson: z.string().optional(),
  geoJsonFile: z.instanceof(Blob).optional(),
});

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:districts.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request), districts: await listDistricts() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const lang = getRequestLang(request);
  // The GeoJSON comes as a file or pasted text, so the form is multipart.
  const form = await readForm(request, { maxFileBytes: MAX_GEOJSON_BYTES });
  requireCsrf(request, form);
  return runAdminAction(lang, async () => {
    const { geoJsonFile, geoJson, ...input } = parseForm(form, DistrictFormSchema);
    await saveDistrict({ actorId: user.id, ...input, geoJson: (await geoJsonFile?.text()) ?? geoJson ?? "" });
    return "admin:districts.saved";
  });
}

export default function Districts() {
  const { lang, districts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const name = (d: { nameUk: string; nameEn: string }) => (lang === "en" ? d.nameEn : d.nameUk);
  return (
    <section>
      <h1>{t(lang, "admin:districts.title")}</h1>
      <ActionMessage result={result} />
      <ul className="district-list">
        {districts.map((d) => (
          <li key={d.id}>
            <GeometryPreview geometry={d.geometry as GeoJsonGeometry} bbox={d} label={t(lang, "admin:districts.outlineOf", { name: name(d) })} />
            <p>
              <strong>{name(d)}</strong> <span className="muted">({d.code})</span>
              <br />
              <span className="muted">
                {d.minLat.toFixed(4)}–{d.maxLat.toFixed(4)} N, {d.minLon.toFixed(4)}–{d.maxLon.toFixed(4)} E
              </span>
            </p>
          </li>
        ))}
      </ul>
      <TitledForm
        title={t(lang, "admin:districts.upload")}
        lead={t(lang, "admin:districts.uploadHint")}
        action={`/admin/districts?lang=${lang}`}
        encType="multipart/form-data"
        submit={t(lang, "admin:actions.save")}
      >
        <InputRow id="d-code" label={t(lang, "admin:fields.code")} name="code" required />
        <InputRow id="d-nameUk" label={t(lang, "admin:fields.nameUk")} name="nameUk" required />
        <InputRow id="d-nameEn" label={t(lang, "admin:fields.nameEn")} name="nameEn" required />
        <InputRow
          id="d-file"
          label={t(lang, "admin:fields.geoJsonFile")}
          name="geoJsonFile"
          type="file"
          accept=".json,.geojson,application/geo+json,application/json"
        />
        <TextareaRow id="d-text" label={t(lang, "admin:fields.geoJson")} name="geoJson" rows={8} cols={80} spellCheck={false} />
      </TitledForm>
    </section>
  );
}
