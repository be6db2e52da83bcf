"""Every document Parley writes for people to read: the agreed-terms PDF and the booking
cancellation letter, each drawn from a value object that holds only what it may show."""
