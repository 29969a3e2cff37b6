-- Gallery size per model: active people with at least one face of the model, the N of the open-set
-- threshold that every identify needs. Counting it on each search scanned every face (16 ms of a 20 ms
-- identify statement at 30,000 faces); kept here by triggers instead, so every path that adds or removes
-- faces or (de)activates or deletes people keeps it exact, and identify reads one row.
--
-- Concurrency (READ COMMITTED, the application's level): each change for one person first takes that
-- person's row lock (FOR NO KEY UPDATE: it does not conflict with the KEY SHARE lock a face insert's
-- foreign key takes, so two enrollments cannot deadlock on it), whatever the person's state, reads
-- is_active from the locked row, then looks at the person's faces with a new snapshot. Of two concurrent
-- first faces of a person, exactly one counts them; (de)activation, which locks the row itself, is ordered
-- with every face change the same way. The counter update itself is a commutative +/- 1. The product's
-- statements that delete several people's faces lock those people first, in id order (retention), or
-- hold the person's lock already (erasure), so face-row locks always come after person locks; a new path that
-- deletes faces must do the same (get_employee(..., lock="no key update") first), or it can deadlock with erasure.
CREATE TABLE gallery_sizes (
    model_id  text PRIMARY KEY,
    people    integer NOT NULL CHECK (people >= 0)
);

-- No face or person may change between this count and the triggers below (a face committed in between
-- would never be counted): wait for the writers in flight, hold new ones until this migration commits.
-- Faces first: erasure, in flight, holds face rows and then updates its person; the other order can deadlock.
LOCK TABLE face_embeddings, employees IN SHARE ROW EXCLUSIVE MODE;

-- The sizes counted from the rows: the start, TRUNCATE's recount, and the daily check
-- (repository.recount_enrolled_people) all count this one way.
CREATE FUNCTION gallery_sizes_counted() RETURNS TABLE (model_id text, people integer)
LANGUAGE sql STABLE AS $$
    SELECT fe.model_id, count(DISTINCT fe.employee_id)::integer
    FROM face_embeddings fe JOIN employees e ON e.id = fe.employee_id
    WHERE e.is_active
    GROUP BY fe.model_id
$$;

INSERT INTO gallery_sizes (model_id, people) SELECT model_id, people FROM gallery_sizes_counted();

-- Update first: an INSERT ... ON CONFLICT checks its proposed row (people = -1) before finding the conflict.
CREATE FUNCTION gallery_sizes_add(p_model_id text, p_delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE gallery_sizes SET people = people + p_delta WHERE model_id = p_model_id;
    IF NOT FOUND THEN
        INSERT INTO gallery_sizes AS g (model_id, people) VALUES (p_model_id, p_delta)
        ON CONFLICT (model_id) DO UPDATE SET people = g.people + EXCLUDED.people;
    END IF;
END $$;

-- Statement-level with transition tables: a statement that adds or removes several faces of one person
-- changes the count once.
CREATE FUNCTION gallery_sizes_faces_added() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pair record;
    active boolean;
BEGIN
    FOR pair IN SELECT employee_id, model_id, count(*) AS added FROM added_faces
                GROUP BY employee_id, model_id ORDER BY employee_id, model_id LOOP
        -- Locked whatever the person's state (a reactivation in flight waits for this change or this
        -- change for it), and the state read from the locked row.
        SELECT is_active INTO active FROM employees WHERE id = pair.employee_id FOR NO KEY UPDATE;
        IF active AND (SELECT count(*) FROM face_embeddings
                      WHERE employee_id = pair.employee_id AND model_id = pair.model_id) = pair.added THEN
            PERFORM gallery_sizes_add(pair.model_id, 1);
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION gallery_sizes_faces_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pair record;
    active boolean;
BEGIN
    FOR pair IN SELECT DISTINCT employee_id, model_id FROM removed_faces ORDER BY employee_id, model_id LOOP
        -- As above. A person deleted in this transaction (the cascade of DELETE FROM employees) is not
        -- found (active is NULL): gallery_sizes_person_deleted counted them out already.
        SELECT is_active INTO active FROM employees WHERE id = pair.employee_id FOR NO KEY UPDATE;
        IF active AND NOT EXISTS (SELECT 1 FROM face_embeddings
                                 WHERE employee_id = pair.employee_id AND model_id = pair.model_id) THEN
            PERFORM gallery_sizes_add(pair.model_id, -1);
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION gallery_sizes_face_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a face''s employee_id and model_id never change: delete it and insert a new one';
END $$;

CREATE FUNCTION gallery_sizes_person_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM gallery_sizes_add(models.model_id, CASE WHEN NEW.is_active THEN 1 ELSE -1 END)
    FROM (SELECT DISTINCT model_id FROM face_embeddings WHERE employee_id = NEW.id ORDER BY model_id) AS models;
    RETURN NULL;
END $$;

CREATE FUNCTION gallery_sizes_person_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.is_active THEN
        PERFORM gallery_sizes_add(models.model_id, -1)
        FROM (SELECT DISTINCT model_id FROM face_embeddings WHERE employee_id = OLD.id ORDER BY model_id) AS models;
    END IF;
    RETURN OLD;
END $$;

-- TRUNCATE fires no row triggers: count again from the rows.
CREATE FUNCTION gallery_sizes_recount() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM gallery_sizes;
    INSERT INTO gallery_sizes (model_id, people) SELECT counted.model_id, counted.people FROM gallery_sizes_counted() AS counted;
    RETURN NULL;
END $$;

CREATE TRIGGER gallery_sizes_faces_added AFTER INSERT ON face_embeddings
    REFERENCING NEW TABLE AS added_faces FOR EACH STATEMENT EXECUTE FUNCTION gallery_sizes_faces_added();
CREATE TRIGGER gallery_sizes_faces_removed AFTER DELETE ON face_embeddings
    REFERENCING OLD TABLE AS removed_faces FOR EACH STATEMENT EXECUTE FUNCTION gallery_sizes_faces_removed();
CREATE TRIGGER gallery_sizes_face_moved BEFORE UPDATE OF employee_id, model_id ON face_embeddings
    FOR EACH ROW WHEN (OLD.employee_id IS DISTINCT FROM NEW.employee_id OR OLD.model_id IS DISTINCT FROM NEW.model_id)
    EXECUTE FUNCTION gallery_sizes_face_moved();
CREATE TRIGGER gallery_sizes_person_changed AFTER UPDATE OF is_active ON employees
    FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active) EXECUTE FUNCTION gallery_sizes_person_changed();
CREATE TRIGGER gallery_sizes_person_deleted BEFORE DELETE ON employees
    FOR EACH ROW EXECUTE FUNCTION gallery_sizes_person_deleted();
CREATE TRIGGER gallery_sizes_recount_faces AFTER TRUNCATE ON face_embeddings
    FOR EACH STATEMENT EXECUTE FUNCTION gallery_sizes_recount();
CREATE TRIGGER gallery_sizes_recount_people AFTER TRUNCATE ON employees
    FOR EACH STATEMENT EXECUTE FUNCTION gallery_sizes_recount();
