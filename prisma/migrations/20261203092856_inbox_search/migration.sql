-- The inbox search (docs/decisions/015): the words of each request's description and
-- address, normalised as app/domain/inbox/search-words.ts does, with a GIN index; trigram
-- indexes for parts of words in the address and for citizens' names.

-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "searchWords" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Earlier requests get their words once, here, by a SQL copy of searchWordsOf (fold the
-- Ukrainian/Russian spellings, cut one ending, keep 5 letters; numbers without leading
-- zeros). A session-local function: nothing stays in the schema. From now on the core
-- writes the column with the TypeScript function whenever it writes either text.
CREATE FUNCTION pg_temp.slv_search_words(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  endings text[] := ARRAY['ових','ями','ами','ого','ому','ими','ови','ить','ать','ять','еть','уть','ють','ути','ити','ати','яти',
                          'ою','ею','ои','еи','ии','ая','яя','ое','ее','ие','ах','ях','ам','ям','ом','ем','им','их','ов','ев','ти','ть',
                          'уе','юе','ло','ла','ли','а','я','у','ю','и','е','о','ь'];
  m text;
  w text;
  e text;
  stem text;
  out text[] := ARRAY[]::text[];
BEGIN
  -- lower() of Cyrillic depends on the server's locale (C.UTF-8 leaves it alone): map by hand.
  t := lower(translate(coalesce(t, ''), 'АБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', 'абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя'));
  FOR m IN SELECT (regexp_matches(t, '[a-zа-яёіїєґ''’ʼ]+|[0-9]+', 'g'))[1] LOOP
    IF m ~ '^[0-9]+$' THEN
      stem := coalesce(nullif(ltrim(m, '0'), ''), '0');
    ELSE
      w := translate(m, 'іїыйєэёґ''’ʼъ', 'ииииееег');
      IF char_length(w) < 2 THEN CONTINUE; END IF;
      stem := NULL;
      IF w IN ('нема', 'немае', 'нет', 'нету') THEN stem := 'нема'; END IF;
      IF stem IS NULL THEN
        FOREACH e IN ARRAY endings LOOP
          IF char_length(w) - char_length(e) >= 2 AND right(w, char_length(e)) = e THEN
            stem := left(left(w, char_length(w) - char_length(e)), 5);
            EXIT;
          END IF;
        END LOOP;
      END IF;
      stem := coalesce(stem, left(w, 5));
    END IF;
    IF NOT stem = ANY(out) THEN out := out || stem; END IF;
  END LOOP;
  RETURN out;
END $$;

UPDATE "Request" SET "searchWords" = pg_temp.slv_search_words(description || ' ' || coalesce(address, ''));

-- CreateIndex
CREATE INDEX "Citizen_fullName_trgm_idx" ON "Citizen" USING GIN ("fullName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Request_searchWords_idx" ON "Request" USING GIN ("searchWords");

-- CreateIndex
CREATE INDEX "Request_address_trgm_idx" ON "Request" USING GIN ("address" gin_trgm_ops);
