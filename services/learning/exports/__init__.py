"""Training exports: CSV and xAPI files, LRS pushes, their audit (see README, "Training exports")."""
