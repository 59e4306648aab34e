import mongoose from 'mongoose';

const userSchema = new mongoose.Schema({
  displayName: { type: String, required: true },
  email: { type: String, required: true, unique: true },
  avatarUrl: String,
  disabled: { type: Boolean, default: false },
});

/** Users still live in MongoDB; orders and products moved to Postgres. */
export const User = mongoose.model('User', userSchema);

const invitationSchema = new mongoose.Schema({
  email: { type: String, required: true },
  status: { type: String, enum: ['pending', 'sent', 'accepted'], default: 'pending' },
  createdAt: { type: Date, default: Date.now },
});

export const Invitation = mongoose.model('Invitation', invitationSchema);
