"""The registry of houses (MASP), their experimentation cohort, staff and activity."""
