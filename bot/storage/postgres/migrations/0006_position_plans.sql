-- As the SQLite file's m007: a saved position keeps its take-profit list (tp=) and funding
-- assumption (funding= every= hold=), as the text commands/saved/plans.py writes; NULL when none.
ALTER TABLE positions ADD COLUMN targets TEXT;
ALTER TABLE positions ADD COLUMN funding TEXT;
