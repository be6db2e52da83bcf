"""The registers an office keeps: training courses and bookings, complaints, their
deadlines in working days (the UK bank-holiday calendar), their settings and stores."""
