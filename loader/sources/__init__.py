"""Where theLook rows come from: BigQuery, exported files or the synthetic generator, behind one interface."""
