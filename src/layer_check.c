/* An empty program linked with all of one layer's objects (meson's
 * link_whole) and only the libraries that layer may use: if the layer calls
 * into anything else, this fails to link, and so the build fails. */
int main(void)
{
	return 0;
}
