-- The steps of each case, in the order the server received them (issue 15): the transition rule folds
-- a case's steps in that order to find a step that became stale (two tablets offline each recorded one;
-- the later arrival is kept and the case flagged). Step records live in `records` like any other; this
-- is their index by case, written in the same transaction as the step's first write.
CREATE TABLE case_steps (
  case_id   TEXT NOT NULL,
  step_id   TEXT NOT NULL,
  -- The server_seq of the step's first write: the arrival order (strictly increasing, SPEC L2).
  arrived   INTEGER NOT NULL,
  PRIMARY KEY (case_id, step_id)
);
CREATE INDEX case_steps_arrived ON case_steps (case_id, arrived);
