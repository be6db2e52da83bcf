"""The registers' stores: courses and bookings, and complaints."""
