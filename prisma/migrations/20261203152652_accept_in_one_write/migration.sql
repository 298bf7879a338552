-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "intake" JSONB;

-- CreateTable
CREATE TABLE "ReferenceVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ReferenceVersion_pkey" PRIMARY KEY ("id")
);

-- Request numbers from a sequence per Kyiv year (SLV-<year>-<six digits>) instead of a
-- locked counter row: nextval never waits for another transaction. A year's sequence is
-- made on its first request and starts after whatever the old counter row gave out; the
-- counter table stays the list of years that have numbers (the inbox's number search).
CREATE FUNCTION slv_next_request_number(p_year integer) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  seq text := format('request_number_%s', p_year);
  n bigint;
BEGIN
  IF to_regclass(seq) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I START WITH %s', seq,
        (SELECT COALESCE(MAX(last), 0) + 1 FROM "RequestNumberCounter" WHERE year = p_year));
      INSERT INTO "RequestNumberCounter" (year, last) VALUES (p_year, 0) ON CONFLICT (year) DO NOTHING;
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      NULL; -- another transaction made it at the same moment
    END;
  END IF;
  n := nextval(seq::regclass);
  RETURN 'SLV-' || p_year || '-' || lpad(n::text, 6, '0');
END $$;

-- Reference data routing reads is cached in memory; any change to it bumps this version.
CREATE SEQUENCE reference_version_seq;
INSERT INTO "ReferenceVersion" (id, version) VALUES (1, nextval('reference_version_seq'));

CREATE FUNCTION slv_bump_reference_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ReferenceVersion" SET version = nextval('reference_version_seq') WHERE id = 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "Category_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Category" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "RoutingRule_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "RoutingRule" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "Department_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Department" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "District_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "District" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "Setting_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "CalendarDay_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CalendarDay" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "CalendarYear_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CalendarYear" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
CREATE TRIGGER "CalendarRegimePeriod_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CalendarRegimePeriod" FOR EACH STATEMENT EXECUTE FUNCTION slv_bump_reference_version();
