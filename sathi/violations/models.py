"""Rights violations and raids: incidents, acts, involvements, responses, evidence (issue 6)."""
