"""绩效 documents: self-evaluation forms, their summary table and evaluation reports, as typed data."""
